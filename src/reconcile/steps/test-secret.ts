import { ShimError } from "../../core/errors.js";
import { debug } from "../../core/log.js";
import { parseStoredCredentials } from "../../secrets/document.js";
import type { EnsureContext, Step } from "../context.js";
import { storeSecret } from "./store-secret.js";

// The AWS rotation template's testSecret step: after a write, read AWSCURRENT back and log in with it. A run that
// lost a race (its stored value was overtaken by another run's regenerate) finds out here, repairs once (regenerate,
// store, test again) and otherwise fails: a run never exits 0 leaving a secret that does not authenticate.
// Only client-credentials clients can log in with their own secret; for the other grants the write lease alone
// keeps writers apart.

export function isTestable(ctx: EnsureContext): boolean {
  return ctx.request.grantType === "CLIENT-CREDENTIALS";
}

async function storedSecretWorks(ctx: EnsureContext): Promise<boolean> {
  const current = await ctx.store.readCurrent(ctx.secret!.arn);
  const doc = parseStoredCredentials(current?.value);
  if (!current || !doc || doc.client_id !== ctx.client!.id) return false;
  const works = await ctx.genesys.credentialsWork(doc.client_id, doc.client_secret);
  if (works) ctx.secret = { ...ctx.secret!, currentVersionId: current.versionId };
  return works;
}

/**
 * Only a wrong secret may be repaired by regenerating (credentialsWork throws for any other refusal). A client that
 * is not active is refused like a wrong secret; a new secret would not help, so say what is wrong instead.
 */
async function refuseRepairOfInactiveClient(ctx: EnsureContext): Promise<void> {
  // A 404 may be a client too new to read: then the repair goes ahead (and its regenerate says if it is gone).
  const state = (await ctx.genesys.clients.get(ctx.client!.id))?.state ?? "active";
  if (state === "active") return;
  throw new ShimError("GENESYS_AUTH_FAILED", `Genesys Cloud refuses tokens for the OAuth client ${ctx.client!.id} because it is ${state}, not because of its secret`, {
    hint: "Nothing was regenerated. Run again: the next run reactivates (or replaces) the client; if Genesys support disabled it, ask them why first.",
  });
}

export const testSecret: Step = {
  name: "test client secret",
  check(ctx) {
    if (!isTestable(ctx) || ctx.verified || !ctx.client || !ctx.secret?.currentVersionId) return undefined;
    if (ctx.storedThisRun) return "this run stored a new client secret";
    if (ctx.inheritedStaleLease) return "a run stopped while writing this secret";
    return undefined;
  },
  async run(ctx) {
    if (await storedSecretWorks(ctx)) {
      ctx.verified = true;
      return;
    }
    await refuseRepairOfInactiveClient(ctx);
    debug("the stored client secret does not authenticate (another writer overtook this one); regenerating once");
    ctx.pendingClientSecret = await ctx.genesys.clients.regenerateSecret(ctx.client!.id);
    await storeSecret.run(ctx);
    if (await storedSecretWorks(ctx)) {
      ctx.verified = true;
      return;
    }
    throw new ShimError("CONFLICT", `the client secret stored in "${ctx.secret!.name}" does not authenticate at the token endpoint, even after regenerating it once (another writer keeps changing it)`, {
      hint: "Make sure only one Terraform run (or person) manages this client at a time, then run again; the next run checks and repairs the secret.",
    });
  },
};
