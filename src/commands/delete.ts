import { ShimError, invalidInput } from "../core/errors.js";
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

const HELP = `Usage: genesys-oauth-shim delete < input.json
       GENESYS_OAUTH_SHIM_CLIENT_ID=… GENESYS_OAUTH_SHIM_SECRET_ARN=… genesys-oauth-shim delete

Deactivates and deletes a Genesys Cloud OAuth client created by genesys-oauth-shim, waits until it is gone, then
deletes its secret, but only if the secret's client-id tag still names this client. Not-found is success; safe to
repeat. Input (JSON on stdin, or the environment when stdin is empty or a terminal):
  client_id                       GENESYS_OAUTH_SHIM_CLIENT_ID            required
  secret_arn                      GENESYS_OAUTH_SHIM_SECRET_ARN           optional (ARN or name)
  recovery_window_in_days         GENESYS_OAUTH_SHIM_RECOVERY_WINDOW_DAYS 7-30 (default 30), or 0 to delete at once
  force_delete_without_recovery   GENESYS_OAUTH_SHIM_FORCE_DELETE         "true" to delete at once
  genesys_region                  GENESYS_OAUTH_SHIM_GENESYS_REGION       default GENESYSCLOUD_REGION
  aws_region                      GENESYS_OAUTH_SHIM_AWS_REGION           default the AWS SDK's region
`;

const ENV_KEYS: Record<string, string> = {
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
  if (!fromEnv.client_id) {
    throw new ShimError("INVALID_INPUT", `invalid input "client_id": missing. Pass {"client_id": …} on stdin or set GENESYS_OAUTH_SHIM_CLIENT_ID.`);
  }
  return fromEnv;
}

function parseDeleteRequest(input: Record<string, string>): DeleteRequest {
  validateOrThrow(DELETE_INPUT_SCHEMA, input);
  const force = /^(true|1)$/.test(input.force_delete_without_recovery ?? "");
  const days = input.recovery_window_in_days === undefined ? 30 : Number(input.recovery_window_in_days);
  if (days !== 0 && (days < 7 || days > 30)) throw invalidInput("recovery_window_in_days", `${days} is out of range`, "0 (delete at once) or 7 to 30");
  return {
    clientId: input.client_id!,
    secretId: input.secret_arn || undefined,
    secretDeletion: force || days === 0 ? { forceDeleteWithoutRecovery: true } : { recoveryWindowInDays: days },
  };
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
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
