import { runDeadline, TIMEOUT_VARIABLE } from "../core/deadline.js";
import { ShimError } from "../core/errors.js";
import { debug } from "../core/log.js";

// Genesys reads lag behind writes: a new client is missing from the list, and briefly from GET, for seconds after
// its create (the official provider retries both; docs/GENESYS-BEHAVIOUR.md). "Not found" is therefore a fact only
// about clients older than the lag. Where a client may have been created moments ago (an ambiguous create, a claim
// an earlier run made, an id just recorded), this looks again for a bounded time before concluding it is absent.

/**
 * The list lag tolerated before a create: a client created this long ago is taken to be listed. The official
 * provider gives its own lookup of a new client 15 s "in case new oauth client is not yet indexed by search".
 */
export const LIST_VISIBILITY_WAIT_MS = 15_000;
/** The GET lag tolerated before an id recorded as existing counts as gone. */
export const GET_VISIBILITY_WAIT_MS = 3_000;
/** Looks again after 250 ms, then twice as long each time up to 2 s: few requests, and a client that appears is found soon. */
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `look` until it finds something or `waitMs` has passed since `since` (default: now; a caller that already
 * found nothing earlier passes that time, and waits only the rest). Never answers "absent" unproven: when the run's
 * deadline comes first, it fails.
 */
export async function lookUntilVisible<T>(
  what: string,
  waitMs: number,
  look: () => Promise<T | undefined>,
  since: number = Date.now(),
): Promise<T | undefined> {
  const deadline = runDeadline();
  for (let pause = FIRST_POLL_MS; ; pause = Math.min(pause * 2, MAX_POLL_MS)) {
    const found = await look();
    if (found !== undefined) return found;
    const waited = Date.now() - since;
    if (waited >= waitMs) {
      debug(`${what}: not found after looking for ${waited} ms`);
      return undefined;
    }
    const next = Math.min(pause, waitMs - waited);
    if (deadline.remainingMs() < next + FIRST_POLL_MS) {
      throw new ShimError(
        "DEADLINE_EXCEEDED",
        `the overall deadline of ${deadline.seconds} s ran out while making sure ${what} does not exist (Genesys Cloud shows a new client only after a delay; this run looks for up to ${waitMs / 1000} s)`,
        {
          hint: `Nothing was created. Run again, or raise ${TIMEOUT_VARIABLE}.`,
        },
      );
    }
    await sleep(next);
  }
}
