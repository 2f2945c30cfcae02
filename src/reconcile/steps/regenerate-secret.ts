import type { EnsureContext, Step } from "../context.js";
import { confirmLease } from "./take-lease.js";
import { isTestable } from "./test-secret.js";
import { loadStoredDocument } from "../observe.js";
import { rotationDigest, TAG_CLIENT_ID, TAG_ROTATION } from "../tags.js";

/** Why the stored value cannot be used as it is; undefined when it can. A lost secret can only be regenerated. */
async function whyNewSecret(ctx: EnsureContext): Promise<string | undefined> {
  const { secret, client } = ctx;
  if (!secret || !client || ctx.pendingClientSecret) return undefined;
  if (!secret.currentVersionId) return `the secret "${secret.name}" has no value, and Genesys returns a client secret only on create and regenerate`;
  // A run stopped while writing: its regenerate may have made the stored value stale. A client-credentials secret
  // is tested instead (the test-secret step); for other grants there is no test, so a new secret is the safe way.
  if (ctx.inheritedStaleLease && !ctx.storedThisRun && !isTestable(ctx)) return "a run stopped while writing this secret, and a secret of this grant type cannot be tested";
  const wanted = rotationDigest(ctx.request.rotationTrigger);
  const recordedClient = secret.tags[TAG_CLIENT_ID];
  if (secret.tags[TAG_ROTATION] === wanted && recordedClient === client.id) return undefined;
  await loadStoredDocument(ctx);
  const doc = ctx.storedDocument;
  if (!doc || doc.client_id !== client.id) return `the stored value does not belong to client ${client.id}`;
  if (doc.rotation_trigger_sha256 !== wanted) return "rotation_trigger changed";
  return undefined; // stored by a run that died before tagging: the tag step finishes its work
}

export const regenerateSecret: Step = {
  name: "regenerate client secret",
  check: whyNewSecret,
  async run(ctx) {
    if (!(await confirmLease(ctx)) && !(await whyNewSecret(ctx))) return; // the other run did it
    ctx.pendingClientSecret = await ctx.genesys.clients.regenerateSecret(ctx.client!.id);
  },
};
