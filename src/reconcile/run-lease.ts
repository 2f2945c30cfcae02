import { ShimError } from "../core/errors.js";
import type { EnsureContext } from "./context.js";
import { acquireLease, leaseOf, newOwnerId } from "./lease.js";
import { whyWrite } from "./needs.js";
import { describeSecret, observe, observeClient } from "./observe.js";

// The write lease (lease.ts) as an ensure run uses it: taken before a create, regenerate or store, confirmed right
// before each irrevocable write, and given up when another run's tag replaced it (the ensure loop then waits again).

/** Waits for and takes the lease; false when another run did the work meanwhile. Observes afresh under the lease. */
export async function takeLeaseFor(ctx: EnsureContext): Promise<boolean> {
  const owner = (ctx.owner ??= newOwnerId());
  const got = await acquireLease(ctx.secret!, {
    store: ctx.store,
    secretName: ctx.request.secretName,
    owner,
    read: async () => {
      await describeSecret(ctx);
      return ctx.secret;
    },
    stillNeeded: async () => {
      // What this run knew before the other run finished is obsolete: look again, and check again if it stored.
      ctx.staleStored = false;
      ctx.verified = false;
      await observe(ctx);
      return leaseOf(ctx.secret)?.released === true || (await whyWrite(ctx)) !== undefined;
    },
  });
  if (!got.held) return false;
  ctx.lease = got.held;
  ctx.inheritedStaleLease ||= got.inheritedStale;
  // The read-back just described the secret; what the client looks like may have changed while this run waited.
  await observeClient(ctx);
  return true;
}

/**
 * Before an irrevocable write (create, regenerate): is the lease still ours? If another run's tag replaced it, stop
 * renewing and tell the ensure loop to wait for the lease again (leaseLost) instead of writing.
 */
export async function confirmLease(ctx: EnsureContext): Promise<boolean> {
  if (ctx.lease) {
    const { held } = await ctx.lease.confirm(async () => {
      await describeSecret(ctx);
      return ctx.secret;
    });
    // (a claim's lease that is fresh is confirmed without a read: ctx.secret is then as it was)
    if (!ctx.secret) {
      throw new ShimError("CONFLICT", `the secret "${ctx.request.secretName}" was deleted while this run was writing it (another run or a person deleted it)`, {
        hint: "Run again: the next run starts from what exists then.",
      });
    }
    if (held) return true;
    await ctx.lease.stop();
    ctx.lease = undefined;
  }
  ctx.leaseLost = true;
  return false;
}
