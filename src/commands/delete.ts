import { ShimError, invalidInput } from "../core/errors.js";
import { parseHelpOnly } from "../core/command-args.js";
import { info, reportError } from "../core/log.js";
import { registerEnvironmentCredentials } from "../core/redact.js";
import { resolveEndpoints } from "../genesys/endpoints.js";
import { openGenesysSession } from "../genesys/session.js";
import { credentialsFromEnvironment } from "../genesys/token.js";
import { parseQueryObject, readStdin } from "../external/protocol.js";
import { DELETE_INPUT_SCHEMA } from "../external/schemas.js";
import { validateOrThrow } from "../external/validate.js";
import { SecretsStore } from "../secrets/store.js";
import { deleteClientAndSecret, type DeleteRequest } from "../reconcile/delete.js";
import { deleteBySecretName, type DeleteBySecretRequest } from "../reconcile/delete-by-secret.js";
import type { DeleteOptions } from "../secrets/store.js";

const HELP = `Usage: genesys-oauth-shim delete < input.json
       GENESYS_OAUTH_SHIM_SECRET_NAME=… genesys-oauth-shim delete
       GENESYS_OAUTH_SHIM_CLIENT_ID=… GENESYS_OAUTH_SHIM_SECRET_ARN=… genesys-oauth-shim delete

By secret name (what the modules' destroy hook runs): finds everything genesys-oauth-shim made under that secret
name - the client the secret names and any client carrying its claim marker - deactivates and deletes each, waits
until it is gone, then deletes the secret. A secret this tool did not create is kept, and nothing is deleted.
By client id: deletes that client (it must carry this tool's marker), then the secret only if the secret's
client-id tag still names this client.
Not-found is success; safe to repeat; never creates anything. Input (JSON on stdin, or the environment when stdin
is empty or a terminal):
  secret_name                     GENESYS_OAUTH_SHIM_SECRET_NAME          one of secret_name and client_id
  client_id                       GENESYS_OAUTH_SHIM_CLIENT_ID
  secret_arn                      GENESYS_OAUTH_SHIM_SECRET_ARN           with client_id, optional (ARN or name)
  recovery_window_in_days         GENESYS_OAUTH_SHIM_RECOVERY_WINDOW_DAYS 7-30 (default 30), or 0 to delete at once
  force_delete_without_recovery   GENESYS_OAUTH_SHIM_FORCE_DELETE         "true" to delete at once
  genesys_region                  GENESYS_OAUTH_SHIM_GENESYS_REGION       default GENESYSCLOUD_REGION
  aws_region                      GENESYS_OAUTH_SHIM_AWS_REGION           default the AWS SDK's region
`;

const ENV_KEYS: Record<string, string> = {
  secret_name: "GENESYS_OAUTH_SHIM_SECRET_NAME",
  client_id: "GENESYS_OAUTH_SHIM_CLIENT_ID",
  secret_arn: "GENESYS_OAUTH_SHIM_SECRET_ARN",
  recovery_window_in_days: "GENESYS_OAUTH_SHIM_RECOVERY_WINDOW_DAYS",
  force_delete_without_recovery: "GENESYS_OAUTH_SHIM_FORCE_DELETE",
  genesys_region: "GENESYS_OAUTH_SHIM_GENESYS_REGION",
  aws_region: "GENESYS_OAUTH_SHIM_AWS_REGION",
};

async function readInput(): Promise<Record<string, string>> {
  const text = process.stdin.isTTY ? "" : await readStdin();
  if (text.trim() !== "") return parseQueryObject(text);
  const fromEnv: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENV_KEYS)) {
    const value = process.env[name];
    if (value !== undefined && value !== "") fromEnv[key] = value;
  }
  return fromEnv;
}

function parseSecretDeletion(input: Record<string, string>): DeleteOptions {
  const force = /^(true|1)$/.test(input.force_delete_without_recovery ?? "");
  const days = input.recovery_window_in_days === undefined ? 30 : Number(input.recovery_window_in_days);
  if (days !== 0 && (days < 7 || days > 30)) throw invalidInput("recovery_window_in_days", `${days} is out of range`, "0 (delete at once) or 7 to 30");
  return force || days === 0 ? { forceDeleteWithoutRecovery: true } : { recoveryWindowInDays: days };
}

function parseDeleteRequest(input: Record<string, string>): DeleteRequest | DeleteBySecretRequest {
  validateOrThrow(DELETE_INPUT_SCHEMA, input);
  const secretDeletion = parseSecretDeletion(input);
  if (input.client_id && input.secret_name) {
    throw new ShimError(
      "INVALID_INPUT",
      `invalid input: "client_id" and "secret_name" were both given. Allowed: one of them (secret_name finds the client itself).`,
    );
  }
  if (input.secret_name) return { secretName: input.secret_name, secretDeletion };
  if (!input.client_id) {
    throw new ShimError(
      "INVALID_INPUT",
      `invalid input "secret_name": missing. Pass {"secret_name": …} (or {"client_id": …}) on stdin, or set GENESYS_OAUTH_SHIM_SECRET_NAME.`,
    );
  }
  return { clientId: input.client_id, secretId: input.secret_arn || undefined, secretDeletion };
}

export async function run(argv: string[]): Promise<number> {
  let help: boolean;
  try {
    help = parseHelpOnly("delete", argv, "the input comes on stdin or in GENESYS_OAUTH_SHIM_* variables");
  } catch (error) {
    reportError(error);
    return 1;
  }
  if (help) {
    process.stdout.write(HELP);
    return 0;
  }
  registerEnvironmentCredentials();
  let session: ReturnType<typeof openGenesysSession> | undefined;
  let store: SecretsStore | undefined;
  try {
    const input = await readInput();
    const request = parseDeleteRequest(input);
    const endpoints = resolveEndpoints(input.genesys_region);
    if ("secretName" in request) {
      store = new SecretsStore(input.aws_region);
      // Genesys credentials only when there is a client of ours to delete: a destroy with nothing left needs none.
      const openGenesys = () => (session = openGenesysSession(endpoints, credentialsFromEnvironment()));
      for (const line of await deleteBySecretName(request, store, openGenesys)) info(line);
      return 0;
    }
    const credentials = credentialsFromEnvironment();
    store = request.secretId ? new SecretsStore(input.aws_region) : undefined;
    session = openGenesysSession(endpoints, credentials);
    for (const line of await deleteClientAndSecret(request, session, store)) info(line);
    return 0;
  } catch (error) {
    reportError(error);
    return 1;
  } finally {
    store?.close();
    await session?.close();
  }
}
