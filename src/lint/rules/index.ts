// The preset: every rule the linter knows, all enabled by default. Add a rule here and in docs/rules.md.
import type { Rule } from "../rule.js";
import { rule as externalQuerySecret } from "./external_query_secret.js";
import { rule as genesysProviderSource } from "./genesys_provider_source.js";
import { rule as genesysTokenUrl } from "./genesys_token_url.js";
import { rule as hardcodedCredential } from "./hardcoded_credential.js";
import { rule as highEntropyLiteral } from "./high_entropy_literal.js";
import { rule as localExecPrintsResponse } from "./local_exec_prints_response.js";
import { rule as localExecSecretInCommand } from "./local_exec_secret_in_command.js";
import { rule as localExecXtrace } from "./local_exec_xtrace.js";
import { rule as nullResourcePreferTerraformData } from "./null_resource_prefer_terraform_data.js";
import { rule as oauthClientExposeSecret } from "./oauth_client_expose_secret.js";
import { rule as oauthClientModuleInputs } from "./oauth_client_module_inputs.js";
import { rule as oauthClientSecretReference } from "./oauth_client_secret_reference.js";
import { rule as outputSecret } from "./output_secret.js";
import { rule as passwordGrant } from "./password_grant.js";
import { rule as preferWriteOnly } from "./prefer_write_only.js";
import { rule as secretArgumentInState } from "./secret_argument_in_state.js";
import { rule as secretVariableNotSensitive } from "./secret_variable_not_sensitive.js";
import { rule as secretVersionInState } from "./secret_version_in_state.js";
import { rule as secretsmanagerSecretNoKms } from "./secretsmanager_secret_no_kms.js";
import { rule as secretsmanagerSecretNoRotation } from "./secretsmanager_secret_no_rotation.js";
import { rule as triggerSecret } from "./trigger_secret.js";

export const RULES: readonly Rule[] = [
  oauthClientExposeSecret,
  oauthClientSecretReference,
  secretArgumentInState,
  secretVersionInState,
  externalQuerySecret,
  outputSecret,
  triggerSecret,
  localExecSecretInCommand,
  localExecPrintsResponse,
  localExecXtrace,
  hardcodedCredential,
  highEntropyLiteral,
  genesysProviderSource,
  genesysTokenUrl,
  passwordGrant,
  secretVariableNotSensitive,
  secretsmanagerSecretNoKms,
  secretsmanagerSecretNoRotation,
  preferWriteOnly,
  oauthClientModuleInputs,
  nullResourcePreferTerraformData,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);
