import { parseHelpOnly } from "../core/command-args.js";
import { reportError } from "../core/log.js";
import { registerEnvironmentCredentials } from "../core/redact.js";
import { resolveEndpoints } from "../genesys/endpoints.js";
import { openGenesysSession } from "../genesys/session.js";
import { credentialsFromEnvironment } from "../genesys/token.js";
import { createEnsureContext } from "../reconcile/context.js";
import { ensure } from "../reconcile/ensure.js";
import { SecretsStore } from "../secrets/store.js";
import { parseQueryObject, readStdin, writeResult } from "../external/protocol.js";
import { parseQuery } from "../external/query.js";

const HELP = `Usage: genesys-oauth-shim external < query.json

The program Terraform's "external" data source runs. Reads one JSON object of strings on stdin, ensures the
Genesys Cloud OAuth client and its secret in AWS Secrets Manager, and prints one JSON object with client_id,
client_name, secret_arn, secret_name, secret_version_id and genesys_region. Never prints the secret.

Query keys: name, secret_name (required); authorized_grant_type, description, role_divisions, redirect_uris,
scopes, access_token_validity_seconds, rotation_strategy, rotation_trigger, kms_key_id, secret_tags,
genesys_region, aws_region, read_only, adopt_client_id. Credentials come only from the environment: GENESYSCLOUD_OAUTHCLIENT_ID and
GENESYSCLOUD_OAUTHCLIENT_SECRET (or GENESYSCLOUD_ACCESS_TOKEN), GENESYSCLOUD_REGION, and the AWS SDK's chain.
See README.md and docs/ARCHITECTURE.md.
`;

export async function run(argv: string[]): Promise<number> {
  let help: boolean;
  try {
    help = parseHelpOnly("external", argv, "the query comes on stdin");
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
    // Everything that can be checked without the network is checked before the first call.
    const request = parseQuery(parseQueryObject(await readStdin()));
    const endpoints = resolveEndpoints(request.genesysRegion);
    const credentials = credentialsFromEnvironment();
    store = new SecretsStore(request.awsRegion);
    session = openGenesysSession(endpoints, credentials);
    const result = await ensure(createEnsureContext(request, session, store));
    writeResult({ ...result });
    return 0;
  } catch (error) {
    reportError(error);
    return 1;
  } finally {
    store?.close();
    await session?.close();
  }
}
