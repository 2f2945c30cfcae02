import { REGIONS } from "../genesys/regions.js";
import { GRANT_TYPES, MAX_TOKEN_VALIDITY_SECONDS, MIN_TOKEN_VALIDITY_SECONDS } from "../genesys/types.js";
import { STANDBY_NAME_SUFFIX, type RotationStrategy } from "./query.js";

// The input contract of the modules, in one place: every input, its Terraform type, default and description, and
// every plan-time check with the shim's wording. scripts/gen-inputs.mjs writes both modules' variables.tf from it
// (test/unit/contract.test.ts fails when they are stale, and checks each HCL condition against the shim's own
// validation with sample values); the module README tables are generated from those files (make docs).
//
// A check's `hcl` is one HCL expression over `X`, the client object: `var` in oauth-client (one variable per field,
// so only single-field checks), `c` in oauth-clients (an element of var.clients, so every check, naming the keys).

export interface Check {
  hcl: string;
  message: string;
  /** Reads more than its own field: oauth-clients only (a variable's validation may name only that variable). */
  crossField?: boolean;
}

export interface ClientField {
  name: string;
  /** The Terraform type of the field (object attribute type in oauth-clients). */
  type: string;
  /** HCL default; undefined: required. "null": optional without a default. */
  default?: string;
  description: string;
  checks: Check[];
}

const GRANTS = `[${GRANT_TYPES.map((g) => JSON.stringify(g)).join(", ")}]`;
const ROTATION_STRATEGY_VALUES: RotationStrategy[] = ["in_place", "alternating"];
/** The alternating strategy's second client is "<name> (b)", and a client name has at most 255 characters. */
const ALTERNATING_MAX_NAME_LENGTH = 255 - STANDBY_NAME_SUFFIX.length;
const ROTATION_STRATEGIES = `[${ROTATION_STRATEGY_VALUES.map((s) => JSON.stringify(s)).join(", ")}]`;
const TAKES_REDIRECT_URIS = `contains(["CODE", "TOKEN"], coalesce(X.authorized_grant_type, "-"))`;

export const CLIENT_FIELDS: ClientField[] = [
  {
    name: "name",
    type: "string",
    description: "Name of the Genesys Cloud OAuth client. Names are not unique in Genesys; the shim keeps the id.",
    checks: [{ hcl: "length(trimspace(X.name)) > 0 && length(X.name) <= 255", message: "name must be a non-empty string of at most 255 characters." }],
  },
  {
    name: "secret_name",
    type: "string",
    description: "Name of the AWS Secrets Manager secret that receives the client secret (created if missing).",
    checks: [
      { hcl: `can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", X.secret_name))`, message: "secret_name must be 1-512 characters of A-Z a-z 0-9 / _ + = . @ -." },
    ],
  },
  {
    name: "authorized_grant_type",
    type: "string",
    default: `"CLIENT-CREDENTIALS"`,
    description: `OAuth grant type of the client: ${GRANT_TYPES.slice(0, -1).join(", ")} or ${GRANT_TYPES.at(-1)}.`,
    checks: [
      { hcl: `contains(${GRANTS}, coalesce(X.authorized_grant_type, "-"))`, message: `authorized_grant_type must be one of ${GRANT_TYPES.join(", ")}.` },
    ],
  },
  {
    name: "description",
    type: "string",
    default: "null",
    description: "Description of the OAuth client.",
    checks: [{ hcl: "try(length(X.description) <= 1024, true)", message: "description must be at most 1024 characters." }],
  },
  {
    name: "role_divisions",
    type: "list(object({\n  role_id     = string\n  division_id = string\n}))",
    default: "[]",
    description: 'Roles granted to a CLIENT-CREDENTIALS client, each in one division (division_id "*" means all divisions).',
    checks: [
      {
        hcl: "length(X.role_divisions) <= 100 && alltrue([for rd in X.role_divisions : length(trimspace(rd.role_id)) > 0 && length(trimspace(rd.division_id)) > 0])",
        message: "role_divisions takes at most 100 entries, each with a non-empty role_id and division_id.",
      },
      {
        hcl: `X.authorized_grant_type != "CLIENT-CREDENTIALS" || length(X.role_divisions) > 0`,
        message: `invalid input "role_divisions": is required for the CLIENT-CREDENTIALS grant (Genesys refuses such a client without roles: missing.client.roles). Allowed: at least one {role_id, division_id}; division_id "*" means all divisions.`,
        crossField: true,
      },
      {
        hcl: `X.authorized_grant_type == "CLIENT-CREDENTIALS" || length(X.role_divisions) == 0`,
        message: `invalid input "role_divisions": only applies to the CLIENT-CREDENTIALS grant. Allowed: an empty list for other grants (their users' roles apply).`,
        crossField: true,
      },
    ],
  },
  {
    name: "redirect_uris",
    type: "list(string)",
    default: "[]",
    description: "Registered redirect URIs (CODE and TOKEN grants).",
    checks: [
      {
        hcl: `length(X.redirect_uris) <= 100 && alltrue([for uri in X.redirect_uris : can(regex("^[A-Za-z][A-Za-z0-9+.-]*://[^[:space:]]+$", uri))])`,
        message: "redirect_uris takes at most 100 absolute URIs such as https://app.example.com/callback.",
      },
      {
        hcl: `${TAKES_REDIRECT_URIS} || length(X.redirect_uris) == 0`,
        message: `invalid input "redirect_uris": only applies to the CODE and TOKEN grants.`,
        crossField: true,
      },
      {
        hcl: `!${TAKES_REDIRECT_URIS} || length(X.redirect_uris) > 0`,
        message: `invalid input "redirect_uris": is required for the CODE and TOKEN grants. Allowed: at least one absolute URI such as https://app.example.com/callback.`,
        crossField: true,
      },
    ],
  },
  {
    name: "scopes",
    type: "list(string)",
    default: "[]",
    description: "OAuth scopes of the client (grants other than CLIENT-CREDENTIALS).",
    checks: [
      {
        hcl: "length(X.scopes) <= 100 && alltrue([for scope in X.scopes : length(trimspace(scope)) > 0])",
        message: "scopes takes at most 100 non-empty strings.",
      },
      {
        hcl: `X.authorized_grant_type != "CLIENT-CREDENTIALS" || length(X.scopes) == 0`,
        message: `invalid input "scopes": does not apply to the CLIENT-CREDENTIALS grant (its roles decide what it may do). Allowed: an empty list.`,
        crossField: true,
      },
    ],
  },
  {
    name: "access_token_validity_seconds",
    type: "number",
    default: "86400",
    description: `Lifetime of the access tokens the client obtains, in seconds (${MIN_TOKEN_VALIDITY_SECONDS}-${MAX_TOKEN_VALIDITY_SECONDS}).`,
    checks: [
      {
        hcl: `X.access_token_validity_seconds >= ${MIN_TOKEN_VALIDITY_SECONDS} && X.access_token_validity_seconds <= ${MAX_TOKEN_VALIDITY_SECONDS} && floor(X.access_token_validity_seconds) == X.access_token_validity_seconds`,
        message: `access_token_validity_seconds must be a whole number between ${MIN_TOKEN_VALIDITY_SECONDS} and ${MAX_TOKEN_VALIDITY_SECONDS}.`,
      },
    ],
  },
  {
    name: "rotation_strategy",
    type: "string",
    default: `"in_place"`,
    description:
      'What a rotation does. "in_place": one client, whose secret is regenerated, so the previous secret stops working at once. "alternating": two clients with the same spec, "<name>" and "<name> (b)"; a rotation regenerates the standby one\'s secret and makes it current, so the previous credentials (AWSPREVIOUS) stay valid until the next rotation.',
    checks: [
      {
        hcl: `contains(${ROTATION_STRATEGIES}, coalesce(X.rotation_strategy, "-"))`,
        message: `rotation_strategy must be one of ${ROTATION_STRATEGY_VALUES.join(", ")}.`,
      },
      {
        hcl: `X.rotation_strategy != "alternating" || length(trimspace(X.name)) <= ${ALTERNATING_MAX_NAME_LENGTH}`,
        message: `invalid input "name": too long for rotation_strategy "alternating" (its second client is named "<name>${STANDBY_NAME_SUFFIX}"). Allowed: at most ${ALTERNATING_MAX_NAME_LENGTH} characters with rotation_strategy "alternating".`,
        crossField: true,
      },
    ],
  },
  {
    name: "rotation_trigger",
    type: "string",
    default: "null",
    description: "Any string; changing it regenerates the client secret and stores it as a new secret version.",
    checks: [
      {
        hcl: `X.rotation_trigger != "" && try(length(X.rotation_trigger) <= 1024, true)`,
        message: "rotation_trigger must be null or a non-empty string of at most 1024 characters.",
      },
    ],
  },
  {
    name: "kms_key_id",
    type: "string",
    default: "null",
    description: "KMS key (id, ARN or alias) that encrypts the secret. Null uses the AWS managed key aws/secretsmanager.",
    checks: [
      {
        hcl: `X.kms_key_id != "" && try(length(X.kms_key_id) <= 2048, true)`,
        message: "kms_key_id must be null or a non-empty string of at most 2048 characters.",
      },
    ],
  },
  {
    name: "secret_tags",
    type: "map(string)",
    default: "{}",
    description: "Tags added to the secret, besides the tags the shim uses to mark the secret as its own.",
    checks: [
      {
        hcl: `length(X.secret_tags) <= 45 && alltrue([for tk, tv in X.secret_tags : length(tk) >= 1 && length(tk) <= 128 && length(tv) <= 256 && !can(regex("^(aws:|genesys-oauth-shim:)", tk))])`,
        message: "secret_tags takes at most 45 tags; keys 1-128 characters, not starting with aws: or genesys-oauth-shim:; values at most 256 characters.",
      },
    ],
  },
  {
    name: "adopt_client_id",
    type: "string",
    default: "null",
    description:
      "Id of an existing OAuth client to take over instead of creating one (see docs/MIGRATING.md). Its secret is regenerated once, since Genesys cannot return the old one; a client another secret of this tool manages is refused. Acts only while the secret holds no value yet.",
    checks: [
      {
        hcl: `X.adopt_client_id == null || can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", coalesce(X.adopt_client_id, "-")))`,
        message: `invalid input "adopt_client_id": has an invalid format. Allowed: the id (a UUID) of an existing OAuth client.`,
      },
    ],
  },
];

export interface ModuleVariable {
  name: string;
  block: string;
}

const regionNames = Object.keys(REGIONS);
const regionDomains = Object.values(REGIONS);
const quoted = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** The inputs that apply to every client, the same in both modules. `{secret}`: "secret" or "secrets". */
export const MODULE_VARIABLES: ModuleVariable[] = [
  {
    name: "genesys_region",
    block: `  description = "Genesys Cloud region name (e.g. eu-west-1) or domain (e.g. mypurecloud.ie). Null uses GENESYSCLOUD_REGION, else us-east-1."
  type        = string
  default     = null

  # src/genesys/regions.ts
  validation {
    condition = var.genesys_region == null || contains([
      ${quoted(regionNames)},
      ${quoted(regionDomains)},
    ], trimprefix(trimprefix(lower(trimspace(coalesce(var.genesys_region, "-"))), "api."), "login."))
    error_message = "invalid input \\"genesys_region\\": unknown Genesys Cloud region. Allowed: a region name (${regionNames.join(", ")}) or its domain (for example mypurecloud.ie)."
  }`,
  },
  {
    name: "aws_region",
    block: `  description = "AWS region of the {secret}. Null uses the AWS SDK default chain (AWS_REGION, profile)."
  type        = string
  default     = null

  validation {
    condition     = var.aws_region == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.aws_region))
    error_message = "aws_region must be an AWS region name such as eu-west-1."
  }`,
  },
  {
    name: "read_only",
    block: `  description = "Make applies write nothing too: an apply that would create, update or rotate fails naming what it would write (plans never write in any case). Switching it is not a change."
  type        = bool
  default     = false
  nullable    = false`,
  },
  {
    name: "recovery_window_in_days",
    block: `  description = "On destroy (or when a client is removed), days Secrets Manager keeps the secret before deleting it: 7-30, or 0 to delete it at once."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.recovery_window_in_days == 0 || (var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30 && floor(var.recovery_window_in_days) == var.recovery_window_in_days)
    error_message = "recovery_window_in_days must be 0 (delete at once) or a whole number from 7 to 30."
  }`,
  },
  {
    name: "shim_command",
    block: `  description = "Command that runs the shim, as a list, e.g. [\\"genesys-oauth-shim\\"] for a global install. The subcommand is appended. Null runs the bundle shipped in terraform/modules/oauth-clients/shim with node."
  type        = list(string)
  default     = null

  validation {
    condition     = try(length(var.shim_command) > 0 && alltrue([for arg in var.shim_command : arg != ""]), true)
    error_message = "shim_command must be null or a non-empty list of non-empty strings."
  }`,
  },
];
