import { ShimError } from "../core/errors.js";
import { debug } from "../core/log.js";
import { AmbiguousRequestError } from "../genesys/http.js";
import type { EnsureContext } from "./context.js";

/**
 * Sends a client create, never twice blindly: after an ambiguous failure the first one may have been applied and be
 * listed only seconds later, so `findLagging` looks for it (by its claim marker) and only if it finds nothing is the
 * create sent again. A 4xx is a definite refusal: nothing was created by this request.
 */
export async function createNeverTwice(ctx: EnsureContext, what: string, create: () => Promise<void>, findLagging: () => Promise<boolean>): Promise<void> {
  const attemptedBefore = ctx.createAttempted;
  ctx.createAttempted = true;
  try {
    await create();
  } catch (error) {
    const status = error instanceof ShimError ? (error.upstream?.status ?? 0) : 0;
    if (status >= 400 && status < 500) ctx.createAttempted = attemptedBefore;
    if (!(error instanceof AmbiguousRequestError)) throw error;
    debug(`the create of ${what} was ambiguous; looking for it by its claim before trying again`);
    if (!(await findLagging())) await create();
  }
}
