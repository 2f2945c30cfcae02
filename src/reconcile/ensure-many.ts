import type { GenesysSession } from "../genesys/session.js";
import type { EnsureRequest } from "../external/query.js";
import type { SecretsStore } from "../secrets/store.js";
import { createEnsureContext } from "./context.js";
import { ensure, type EnsureResult } from "./ensure.js";
import { withListedClients } from "./listed-clients.js";

// Many keys in one run: the single-client ensure() per key, unchanged, sharing one Genesys session (one token) and
// one Secrets Manager client. Keys run a few at a time; a key's failure is recorded and never stops the others.
// With more keys than run at once, one list of the clients replaces the per-key GETs (listed-clients.ts); with
// fewer, the GETs run side by side and cost no more time than one list, without fetching every client in the org.

/** Keys in flight at once: enough to overlap round trips, few enough for Genesys' rate limits and small runners. */
export const ENSURE_MANY_CONCURRENCY = 4;

export interface ManyOutcome {
  /** Keys that converged. */
  results: Map<string, EnsureResult>;
  /** Keys that did not, with the error ensure() threw (each left a state its next run converges from). */
  errors: Map<string, unknown>;
}

export async function ensureMany(
  requests: ReadonlyMap<string, EnsureRequest>,
  genesys: GenesysSession,
  store: SecretsStore,
  concurrency = ENSURE_MANY_CONCURRENCY,
): Promise<ManyOutcome> {
  const outcome: ManyOutcome = { results: new Map(), errors: new Map() };
  const queue = [...requests];
  const session = requests.size > concurrency ? withListedClients(genesys) : genesys;
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [key, request] = next;
      try {
        outcome.results.set(key, await ensure(createEnsureContext(request, session, store)));
      } catch (error) {
        outcome.errors.set(key, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  return outcome;
}
