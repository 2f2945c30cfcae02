import { runDeadline } from "../core/deadline.js";
import { describeError, ShimError } from "../core/errors.js";
import { debug } from "../core/log.js";
import type { EnsureContext } from "./context.js";
import { removeClient } from "./remove-client.js";

/**
 * Storing the secret of a client created in this run failed: the secret exists nowhere else, so the client is
 * useless. Delete it; only once it is provably gone (GET answers 404) release the secret name this run claimed.
 * If the client cannot be deleted, the claim (on the secret) and the marker (on the client) both stay, and the next
 * run adopts that client, reactivating it if this rollback got as far as deactivating it.
 */
export async function rollBackNewClient(ctx: EnsureContext, cause: unknown): Promise<ShimError> {
  runDeadline().enterCleanup();
  const clientId = ctx.client!.id;
  const undone: string[] = [];
  let kept: string | undefined;
  let clientGone = false;
  try {
    // A standby created with it goes first: once the secret name is released, nothing could find it again.
    if (ctx.createdStandbyThisRun && ctx.standby) {
      await removeClient(ctx.genesys.clients, ctx.standby);
      undone.push(`deleted the new standby OAuth client ${ctx.standby.id}`);
      ctx.standby = undefined;
    }
    await removeClient(ctx.genesys.clients, ctx.client!);
    clientGone = true;
    undone.push(`deleted the new OAuth client ${clientId}`);
  } catch (error) {
    kept = `Could not delete the new OAuth client ${clientId} (${describeError(error)}). The secret "${ctx.secret?.name}" keeps its claim and the client keeps its marker, so the next run adopts that client (reactivating it if needed) and stores a new secret for it.`;
  }
  if (clientGone && ctx.claimedSecretThisRun && ctx.secret) {
    try {
      await ctx.lease?.stop();
      await ctx.store.delete(ctx.secret.arn, { forceDeleteWithoutRecovery: true });
      ctx.lease = undefined;
      undone.push(`released the secret name "${ctx.secret.name}"`);
    } catch (error) {
      debug(`could not release the secret name: ${describeError(error)}`);
      undone.push(`left the empty secret "${ctx.secret.name}" for the next run to reuse`);
    }
  }
  ctx.pendingClientSecret = undefined;
  const original = cause instanceof ShimError ? cause : new ShimError("AWS_ERROR", describeError(cause));
  const summary = [undone.length ? `Rolled back: ${undone.join("; ")}.` : "", kept ?? ""].filter(Boolean).join(" ");
  return new ShimError(
    "ROLLED_BACK",
    `storing the client secret failed (${original.message}), so ${clientGone ? "nothing was kept" : "the run stopped"}. ${summary}`,
    {
      step: "store client secret",
      upstream: original.upstream,
      hint: [original.hint, "Fix the cause and run again."].filter(Boolean).join(" "),
      cause,
    },
  );
}

/**
 * After any failure: give back what this run holds so the next run neither waits nor trusts half-done work. A bare
 * claim made by this run before any create left it is deleted (nothing refers to it); a held lease is released:
 * "check" if this run may have written under it (the next run takes it at once and verifies the stored secret),
 * "clean" if it wrote nothing. A lease tag this run wrote but never held is taken back by the lease protocol itself.
 */
export async function releaseAfterFailure(ctx: EnsureContext): Promise<void> {
  const { secret, lease } = ctx;
  if (!secret || !lease) return;
  runDeadline().enterCleanup();
  ctx.lease = undefined;
  if (ctx.claimedSecretThisRun && !ctx.createAttempted && !ctx.client && !secret.currentVersionId) {
    await lease.stop();
    try {
      await ctx.store.delete(secret.arn, { forceDeleteWithoutRecovery: true });
      debug(`released the secret name "${secret.name}" this run claimed`);
    } catch (error) {
      debug(`could not release the secret name: ${describeError(error)}`);
    }
    return;
  }
  if (ctx.regenerateUnsettled) {
    // The regenerate may still land: releasing now would let the next run check the stored secret before it does.
    // Left to lapse instead, the lease is taken over once others have seen it unchanged for the TTL.
    await lease.stop();
    debug("left this run's write lease to lapse: its regenerate request may still be applied");
    return;
  }
  const wrote = ctx.createAttempted || ctx.regenerateAttempted || ctx.storedThisRun || ctx.inheritedStaleLease;
  await lease.release(wrote ? "check" : "clean");
}
