import { runDeadline } from "../../core/deadline.js";
import { ShimError } from "../../core/errors.js";
import { debug } from "../../core/log.js";
import type { EnsureContext, Step } from "../context.js";
import { formatLease, isLive, leaseOf, newOwnerId } from "../lease.js";
import { describeSecret, observe } from "../observe.js";
import { TAG_LEASE } from "../tags.js";
import { createClient } from "./create-client.js";
import { regenerateSecret } from "./regenerate-secret.js";
import { storeSecret } from "./store-secret.js";

// Only one run at a time writes a client and its secret. Secrets Manager tags have no compare-and-swap, so the
// lease is taken the way Fischer's mutual exclusion works: read (no live lease), write our lease within MAX_GAP_MS of
// that read, wait SETTLE_MS (> MAX_GAP_MS), read again: the lease is ours only if it still names us. A run that
// finds another run's live lease waits for it to end, then looks again: usually the other run did the work.
// The final "test client secret" step, not this lease, is what guarantees a run never exits 0 with a dead secret.

const POLL_MS = 1_000;
const MAX_GAP_MS = 1_500;
const SETTLE_MS = 2_000;

// Client updates and the KMS key are idempotent and carry no secret: they need no lease.
// A function, not a constant: regenerate-secret imports this module too (confirmLease).
const writeSteps = () => [createClient, regenerateSecret, storeSecret];

async function writeNeeded(ctx: EnsureContext): Promise<string | undefined> {
  for (const step of writeSteps()) {
    const reason = await step.check(ctx);
    if (reason) return reason;
  }
  return undefined;
}

function staleLeaseReason(ctx: EnsureContext): string | undefined {
  const lease = leaseOf(ctx.secret);
  if (!lease || isLive(lease) || lease.owner === ctx.owner) return undefined;
  return `run ${lease.owner} stopped while writing this secret (its lease ${lease.untilMs ? "expired" : "was released"}); the stored secret must be checked`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const takeLease: Step = {
  name: "take write lease",
  async check(ctx) {
    if (ctx.leaseHeld || !ctx.secret) return undefined;
    return staleLeaseReason(ctx) ?? (await writeNeeded(ctx));
  },
  async run(ctx) {
    const deadline = runDeadline();
    const owner = (ctx.owner ??= newOwnerId());
    for (;;) {
      const lease = leaseOf(ctx.secret);
      if (lease && lease.owner !== owner && isLive(lease)) {
        if (deadline.remainingMs() < POLL_MS) {
          throw new ShimError("CONFLICT", `another run (${lease.owner}) is writing the secret "${ctx.request.secretName}" and holds its lease until ${new Date(lease.untilMs).toISOString()}; this run's deadline of ${deadline.seconds} s ran out waiting for it`, {
            hint: "Nothing was written by this run. Run again once the other run has finished (if that run was killed, its lease ends at the time above).",
          });
        }
        debug(`run ${lease.owner} holds the write lease until ${new Date(lease.untilMs).toISOString()}; waiting`);
        await sleep(POLL_MS);
        await describeSecret(ctx);
        if (!ctx.secret) throw new ShimError("CONFLICT", `the secret "${ctx.request.secretName}" was deleted while this run waited for another run's lease`, { hint: "Run again." });
        const after = leaseOf(ctx.secret);
        if (after && after.owner !== owner && isLive(after)) continue;
        await observe(ctx);
        if (!staleLeaseReason(ctx) && !(await writeNeeded(ctx))) return; // the other run did the work
        continue;
      }
      ctx.inheritedStaleLease ||= staleLeaseReason(ctx) !== undefined;
      const readAt = ctx.observedAt ?? 0;
      await ctx.store.tag(ctx.secret!.arn, { [TAG_LEASE]: formatLease(owner, deadline.endsAt()) });
      const gap = Date.now() - readAt;
      await sleep(SETTLE_MS);
      await observe(ctx);
      if (leaseOf(ctx.secret)?.owner === owner && gap <= MAX_GAP_MS) {
        ctx.leaseHeld = true;
        ctx.leaseTakenByTag = true;
        return;
      }
      debug(gap > MAX_GAP_MS ? `taking the lease took ${gap} ms from the read; trying again` : "another run took the lease; waiting for it");
    }
  },
};

/**
 * Just before the one irrevocable write (regenerate): is the lease still ours? Another run's tag that arrived late
 * (beyond the timing bound) would show here; then this run goes back to waiting instead of regenerating too.
 */
export async function confirmLease(ctx: EnsureContext): Promise<boolean> {
  if (!ctx.leaseTakenByTag) return true;
  await describeSecret(ctx);
  if (leaseOf(ctx.secret)?.owner === ctx.owner) return true;
  debug("another run's lease replaced ours before the regenerate; waiting for it instead");
  ctx.leaseHeld = false;
  ctx.leaseTakenByTag = false;
  await takeLease.run(ctx);
  return false;
}
