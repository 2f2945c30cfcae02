import { describeError } from "../core/errors.js";
import { parseHelpOnly } from "../core/command-args.js";
import { info, reportError } from "../core/log.js";
import { redact, registerEnvironmentCredentials } from "../core/redact.js";
import { resolveEndpoints } from "../genesys/endpoints.js";
import { openGenesysSession } from "../genesys/session.js";
import { credentialsFromEnvironment } from "../genesys/token.js";
import { ensureMany } from "../reconcile/ensure-many.js";
import { forEachKey } from "../reconcile/for-each-key.js";
import { recordedClient } from "../reconcile/recorded.js";
import { errorStatus, statusMany } from "../reconcile/status.js";
import type { EnsureRequest } from "../external/query.js";
import { SecretsStore } from "../secrets/store.js";
import { parseManyQuery } from "../external/many-query.js";
import { parseQueryObject, readStdin, writeResult } from "../external/protocol.js";

const HELP = `Usage: genesys-oauth-shim external-many < query.json

The program the oauth-clients module's "external" data sources run: many clients in one run, with one Genesys
token. Reads one JSON object of strings on stdin:
  clients          JSON object: key → that key's "external" query (name, secret_name, ...; values strings)
  genesys_region   aws_region   read_only      for every key
  phase            "status": reads only; prints clients = key → {state, generation, actions, error}, where state
                   is converged, pending (an apply must run "ensure" for the key) or error. Never fails over what
                   it finds, so a destroy is never blocked by it.
                   "result": one DescribeSecret per key; prints clients = key → {client_id,
                   standby_client_id, client_name, secret_arn, secret_name, secret_version_id} (empty strings
                   where nothing exists yet; standby_client_id only under rotation_strategy "alternating").
                   absent: ensures every key (writes; the modules never run it at plan - they use "ensure").
Without phase it ensures every key (a few at a time) and prints one JSON object of strings:
  clients          JSON object: key → {client_id, standby_client_id, client_name, secret_arn, secret_name,
                   secret_version_id}
  errors           JSON object: key → error message, for the keys that could not be ensured
  genesys_region
A failing key never stops the others; it is reported on stderr and in "errors" (the module fails the run naming
it). Exit 1, nothing written, when the query is invalid (every bad key is named) or the credentials are missing;
exit 1 too when every key failed. Never prints a secret. See terraform/modules/oauth-clients/README.md.
`;

const sortedObject = <T>(entries: Iterable<[string, T]>) => Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export async function run(argv: string[]): Promise<number> {
  let help: boolean;
  try {
    help = parseHelpOnly("external-many", argv, "the query comes on stdin");
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
    // Everything that can be checked without the network is checked, for every key, before the first call.
    const many = parseManyQuery(parseQueryObject(await readStdin()));
    const endpoints = resolveEndpoints(many.genesysRegion);
    if (many.requests.size === 0) {
      writeResult({ clients: "{}", errors: "{}", genesys_region: endpoints.region.name });
      return 0;
    }
    if (many.phase === "status") {
      const statuses = await readStatuses(many.requests, many.awsRegion, endpoints);
      writeResult({ clients: JSON.stringify(sortedObject(statuses)), genesys_region: endpoints.region.name });
      return 0;
    }
    if (many.phase === "result") {
      store = new SecretsStore(many.awsRegion);
      const { results, errors } = await forEachKey(many.requests, (request) => recordedClient(request, store!));
      const messages = new Map([...errors].map(([key, error]) => [key, redact(describeError(error))]));
      writeResult({ clients: JSON.stringify(sortedObject(results)), errors: JSON.stringify(sortedObject(messages)), genesys_region: endpoints.region.name });
      return 0;
    }
    const credentials = credentialsFromEnvironment();
    store = new SecretsStore(many.awsRegion);
    session = openGenesysSession(endpoints, credentials);
    const { results, errors } = await ensureMany(many.requests, session, store);
    const messages = new Map([...errors].map(([key, error]) => [key, redact(describeError(error))]));
    for (const [key, message] of messages) info(`clients[${JSON.stringify(key)}] failed: ${message}`);
    if (results.size === 0) {
      info(`no client could be ensured (${errors.size} failed)`);
      return 1;
    }
    const clients = sortedObject(
      [...results].map(([key, r]) => [
        key,
        {
          client_id: r.client_id,
          standby_client_id: r.standby_client_id,
          client_name: r.client_name,
          secret_arn: r.secret_arn,
          secret_name: r.secret_name,
          secret_version_id: r.secret_version_id,
        },
      ]),
    );
    writeResult({ clients: JSON.stringify(clients), errors: JSON.stringify(sortedObject(messages)), genesys_region: endpoints.region.name });
    return 0;
  } catch (error) {
    reportError(error);
    return 1;
  } finally {
    store?.close();
    await session?.close();
  }
}

/** Every key's status; what stops the reads as a whole (no credentials, a bad endpoint) becomes every key's error. */
async function readStatuses(requests: ReadonlyMap<string, EnsureRequest>, awsRegion: string | undefined, endpoints: ReturnType<typeof resolveEndpoints>) {
  let session: ReturnType<typeof openGenesysSession> | undefined;
  let store: SecretsStore | undefined;
  try {
    store = new SecretsStore(awsRegion);
    session = openGenesysSession(endpoints, credentialsFromEnvironment());
    return await statusMany(requests, session, store);
  } catch (error) {
    const status = errorStatus(error);
    return new Map([...requests.keys()].map((key) => [key, status]));
  } finally {
    store?.close();
    await session?.close();
  }
}
