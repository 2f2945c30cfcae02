import { parseHelpOnly } from "../core/command-args.js";
import { info, reportError } from "../core/log.js";
import { registerEnvironmentCredentials } from "../core/redact.js";
import { resolveEndpoints } from "../genesys/endpoints.js";
import { openGenesysSession } from "../genesys/session.js";
import { credentialsFromEnvironment } from "../genesys/token.js";
import { createEnsureContext, type EnsureContext } from "../reconcile/context.js";
import { ensure, type EnsureResult } from "../reconcile/ensure.js";
import { SecretsStore } from "../secrets/store.js";
import { parseQueryObject, readStdin } from "../external/protocol.js";
import { parseQuery } from "../external/query.js";

const HELP = `Usage: GENESYS_OAUTH_SHIM_QUERY='{"name": …, "secret_name": …}' genesys-oauth-shim ensure
       genesys-oauth-shim ensure < query.json

The modules' apply-time step (a terraform_data create-time provisioner; a failure marks it tainted, so the next
apply runs it again and no plan ever writes). Ensures one Genesys Cloud OAuth client and its secret in AWS Secrets
Manager, exactly as "external" does, and prints one line saying what it did: created, adopted, updated, rotated
or unchanged. Never prints the secret.

Input: the "external" query, as JSON, in GENESYS_OAUTH_SHIM_QUERY (local-exec has no stdin) or on stdin.
  GENESYS_OAUTH_SHIM_GENERATION   the generation the plan's status reported; recorded on the secret on success
  GENESYS_OAUTH_SHIM_READ_ONLY    "true": write nothing; fail listing what an apply would write
Credentials come only from the environment, as for "external".
`;

async function readQueryText(): Promise<string> {
  const fromEnv = process.env.GENESYS_OAUTH_SHIM_QUERY;
  if (fromEnv !== undefined && fromEnv.trim() !== "") return fromEnv;
  return process.stdin.isTTY ? "" : readStdin();
}

/** The one line a user sees per client in `terraform apply` (local-exec shows it): what this run did. */
export function summary(ctx: EnsureContext, result: EnsureResult): string {
  const ran = new Set(ctx.ranSteps ?? []);
  const did: string[] = [];
  if (ctx.standbyTookOver) did.push(`its standby took over from the deleted client ${ctx.goneClient?.id ?? ""}`.trim());
  if (ran.has("create OAuth client")) did.push("created");
  else if (ran.has("adopt existing OAuth client") || ctx.adoptedMarkedClient) did.push("adopted");
  if (ran.has("update OAuth client") && !ran.has("create OAuth client")) did.push("updated");
  if (ran.has("switch to standby client"))
    did.push(`rotated to its standby (the previous client ${ctx.standby?.id ?? ""}'s secret stays valid until the next rotation)`);
  else if (ran.has("regenerate client secret") && !ran.has("create OAuth client")) did.push("rotated its secret");
  if (ran.has("create standby OAuth client")) did.push("created its standby client");
  if (ran.has("update standby OAuth client")) did.push("updated its standby client");
  if (ran.has("delete standby OAuth client")) did.push("deleted its standby client");
  if (ran.has("restore secret")) did.push("restored its secret from scheduled deletion");
  if (ran.has("set secret KMS key")) did.push("changed the secret's KMS key");
  if (did.length === 0) did.push(ran.size ? "unchanged (records brought up to date)" : "unchanged");
  return `OAuth client "${result.client_name}" (${result.client_id}), secret ${result.secret_name} version ${result.secret_version_id}: ${did.join(", ")}`;
}

export async function run(argv: string[]): Promise<number> {
  let help: boolean;
  try {
    help = parseHelpOnly("ensure", argv, "the query comes in GENESYS_OAUTH_SHIM_QUERY or on stdin");
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
    const request = parseQuery(parseQueryObject(await readQueryText()));
    const generation = process.env.GENESYS_OAUTH_SHIM_GENERATION;
    if (generation) request.generation = generation;
    const endpoints = resolveEndpoints(request.genesysRegion);
    const credentials = credentialsFromEnvironment();
    store = new SecretsStore(request.awsRegion);
    session = openGenesysSession(endpoints, credentials);
    const ctx = createEnsureContext(request, session, store);
    const result = await ensure(ctx);
    info(summary(ctx, result));
    return 0;
  } catch (error) {
    reportError(error);
    return 1;
  } finally {
    store?.close();
    await session?.close();
  }
}
