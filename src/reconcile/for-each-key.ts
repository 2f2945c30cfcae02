// Many keys in one run: a few keys in flight at once (enough to overlap round trips, few enough for Genesys' rate
// limits and small runners). A key's failure is recorded and never stops the others.

/** Keys in flight at once. */
export const KEYS_IN_FLIGHT = 4;

export interface KeyedOutcome<T> {
  results: Map<string, T>;
  errors: Map<string, unknown>;
}

export async function forEachKey<I, T>(
  inputs: ReadonlyMap<string, I>,
  work: (input: I, key: string) => Promise<T>,
  concurrency = KEYS_IN_FLIGHT,
): Promise<KeyedOutcome<T>> {
  const outcome: KeyedOutcome<T> = { results: new Map(), errors: new Map() };
  const queue = [...inputs];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [key, input] = next;
      try {
        outcome.results.set(key, await work(input, key));
      } catch (error) {
        outcome.errors.set(key, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  return outcome;
}
