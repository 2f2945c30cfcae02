import { describeError, ShimError } from "../core/errors.js";
import { debug } from "../core/log.js";
import type { EnsureContext } from "./context.js";
import { removeClient } from "./remove-client.js";

/**
 * Storing the secret of a client created in this run failed: the secret exists nowhere else, so the client is
 * useless. Delete it (and the secret name this run claimed), then report the original failure and what was undone.
 */
export async function rollBackNewClient(ctx: EnsureContext, cause: unknown): Promise<ShimError> {
  const clientId = ctx.client!.id;
  const undone: string[] = [];
  const failed: string[] = [];
  try {
    await removeClient(ctx.genesys.clients, clientId);
    undone.push(`deleted the new OAuth client ${clientId}`);
  } catch (error) {
    failed.push(`could not delete the new OAuth client ${clientId} (${describeError(error)}); the next run adopts it and regenerates its secret`);
  }
  if (ctx.claimedSecretThisRun && ctx.secret) {
    try {
      await ctx.store.delete(ctx.secret.arn, { forceDeleteWithoutRecovery: true });
      undone.push(`released the secret name "${ctx.secret.name}"`);
    } catch (error) {
      debug(`could not release the secret name: ${describeError(error)}`);
      undone.push(`left the empty secret "${ctx.secret.name}" for the next run to reuse`);
    }
  }
  ctx.pendingClientSecret = undefined;
  const original = cause instanceof ShimError ? cause : new ShimError("AWS_ERROR", describeError(cause));
  const summary = [undone.length ? `Rolled back: ${undone.join("; ")}.` : "", failed.join(" ")].filter(Boolean).join(" ");
  return new ShimError("ROLLED_BACK", `storing the client secret failed, so nothing was kept. ${summary}`, {
    step: "store client secret",
    upstream: original.upstream,
    hint: [original.hint, "Fix the cause and run again."].filter(Boolean).join(" "),
    cause,
  });
}
