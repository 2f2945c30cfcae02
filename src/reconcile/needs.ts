import type { EnsureContext } from "./context.js";
import { isAlternating, loadStoredDocument } from "./observe.js";
import { rotationDigest, TAG_CLIENT_ID, TAG_ROTATION, TAG_STANDBY_CLIENT_ID } from "./tags.js";

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

/** rotation_strategy "alternating" keeps a second client; undefined when it has one. */
export function whyCreateStandby(ctx: EnsureContext): string | undefined {
  if (!isAlternating(ctx) || ctx.standby) return undefined;
  const gone = ctx.goneStandby;
  return gone
    ? `the standby client ${gone.id} recorded on the secret ${gone.why}`
    : `rotation_strategy "alternating" keeps a standby client for "${ctx.request.secretName}" and none exists`;
}

/** rotation_strategy "in_place" keeps one client: the standby an "alternating" configuration left is deleted. */
export function whyRemoveStandby(ctx: EnsureContext): string | undefined {
  if (isAlternating(ctx) || ctx.standbyRemoved) return undefined;
  const standby = ctx.secret?.tags[TAG_STANDBY_CLIENT_ID];
  if (!standby) return undefined;
  return `rotation_strategy is "in_place": the standby client ${standby} that "alternating" kept is no longer needed`;
}

/**
 * rotation_strategy "alternating": the stored credentials move to the standby client when a rotation is due (its
 * secret is regenerated; the current one's stays valid, as AWSPREVIOUS), or when a rotation that had already
 * stored the standby's credentials stopped before recording it. Undefined: the current client keeps its secret.
 */
export async function whySwitchToStandby(ctx: EnsureContext): Promise<string | undefined> {
  const { secret, client, standby } = ctx;
  if (!isAlternating(ctx) || ctx.switchedToStandby || !secret?.currentVersionId || !client || !standby) return undefined;
  // A client new in this run (created, or taking the place of a gone one) gets its first secret: nothing to keep.
  if (ctx.createdClientThisRun || secret.tags[TAG_CLIENT_ID] !== client.id) return undefined;
  const wanted = rotationDigest(ctx.request.rotationTrigger);
  if (secret.tags[TAG_ROTATION] === wanted) return undefined;
  await loadStoredDocument(ctx);
  const doc = ctx.storedDocument;
  if (doc?.client_id === standby.id) return `the stored credentials are the standby client ${standby.id}'s (a rotation stopped before recording it)`;
  if (doc?.client_id === client.id && doc.rotation_trigger_sha256 !== wanted) {
    return `rotation_trigger changed: the standby client ${standby.id} gets a new secret and takes over; client ${client.id}'s stays valid until the next rotation`;
  }
  return undefined;
}

export function whyStore(ctx: EnsureContext): string | undefined {
  return ctx.pendingClientSecret ? "a new client secret is held only in memory" : undefined;
}

/** The first reason any write that needs the lease (create, regenerate, store) must happen, or undefined. */
export async function whyWrite(ctx: EnsureContext): Promise<string | undefined> {
  return whyRemoveStandby(ctx) ?? whyCreate(ctx) ?? whyCreateStandby(ctx) ?? (await whyNewSecret(ctx)) ?? whyStore(ctx);
}
