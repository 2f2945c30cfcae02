import type { EnsureContext } from "./context.js";
import { loadStoredDocument } from "./observe.js";
import { rotationDigest, TAG_CLIENT_ID, TAG_ROTATION } from "./tags.js";

// What the write steps check, shared by the steps and the write lease (which is taken only when one of them must
// act). Here, not in a step, so that no step imports another.

/** Only client-credentials clients can log in with their own secret; other grants are checked by dateModified. */
export function isTestable(ctx: EnsureContext): boolean {
  return ctx.request.grantType === "CLIENT-CREDENTIALS";
}

export function whyCreate(ctx: EnsureContext): string | undefined {
  if (ctx.client) return undefined;
  const recorded = ctx.secret?.tags[TAG_CLIENT_ID];
  return recorded ? `the client ${recorded} recorded on the secret no longer exists` : `no OAuth client exists for secret "${ctx.request.secretName}"`;
}

/** Why the stored value cannot be used as it is; undefined when it can. A lost secret can only be regenerated. */
export async function whyNewSecret(ctx: EnsureContext): Promise<string | undefined> {
  const { secret, client } = ctx;
  if (!secret || !client || ctx.pendingClientSecret) return undefined;
  if (!secret.currentVersionId) return `the secret "${secret.name}" has no value, and Genesys returns a client secret only on create and regenerate`;
  if (ctx.staleStored) return "the stored client secret is not the client's latest (another writer overtook this run)";
  const wanted = rotationDigest(ctx.request.rotationTrigger);
  const recordedClient = secret.tags[TAG_CLIENT_ID];
  if (secret.tags[TAG_ROTATION] === wanted && recordedClient === client.id) return undefined;
  await loadStoredDocument(ctx);
  const doc = ctx.storedDocument;
  if (!doc || doc.client_id !== client.id) return `the stored value does not belong to client ${client.id}`;
  if (doc.rotation_trigger_sha256 !== wanted) return "rotation_trigger changed";
  return undefined; // stored by a run that died before tagging: the tag step finishes its work
}

export function whyStore(ctx: EnsureContext): string | undefined {
  return ctx.pendingClientSecret ? "a new client secret is held only in memory" : undefined;
}

/** The first reason any write that needs the lease (create, regenerate, store) must happen, or undefined. */
export async function whyWrite(ctx: EnsureContext): Promise<string | undefined> {
  return whyCreate(ctx) ?? (await whyNewSecret(ctx)) ?? whyStore(ctx);
}
