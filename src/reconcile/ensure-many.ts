import type { GenesysSession } from "../genesys/session.js";
import type { EnsureRequest } from "../external/query.js";
import type { SecretsStore } from "../secrets/store.js";
import { createEnsureContext } from "./context.js";
import { ensure, type EnsureResult } from "./ensure.js";
import { forEachKey, KEYS_IN_FLIGHT, type KeyedOutcome } from "./for-each-key.js";
import { withListedClients } from "./listed-clients.js";

// Many keys in one run: the single-client ensure() per key, unchanged, sharing one Genesys session (one token) and
// one Secrets Manager client. With more keys than run at once, one list of the clients replaces the per-key GETs
// (listed-clients.ts); with fewer, the GETs run side by side and cost no more time than one list, without fetching
// every client in the org.

export const ENSURE_MANY_CONCURRENCY = KEYS_IN_FLIGHT;

/** results: keys that converged; errors: keys that did not (each left a state its next run converges from). */
export type ManyOutcome = KeyedOutcome<EnsureResult>;

/** The session many keys share: a listing answers first reads when there are more keys than run at once. */
export function sessionForKeys(genesys: GenesysSession, keys: number, concurrency = ENSURE_MANY_CONCURRENCY): GenesysSession {
  return keys > concurrency ? withListedClients(genesys) : genesys;
}

export async function ensureMany(
  requests: ReadonlyMap<string, EnsureRequest>,
  genesys: GenesysSession,
  store: SecretsStore,
  concurrency = ENSURE_MANY_CONCURRENCY,
): Promise<ManyOutcome> {
  const session = sessionForKeys(genesys, requests.size, concurrency);
  return forEachKey(requests, (request) => ensure(createEnsureContext(request, session, store)), concurrency);
}
