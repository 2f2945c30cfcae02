import { ShimError } from "../core/errors.js";
import { debug } from "../core/log.js";
import { parseStoredCredentials } from "../secrets/document.js";
import type { EnsureContext } from "./context.js";
import { isDeleted, type OAuthClient } from "../genesys/types.js";
import { claimOf, otherSlot, slotOf, type Slot } from "./marker.js";
import { getExpectedClient } from "./remove-client.js";
import { isManagedSecret, TAG_CLAIM, TAG_CLIENT_ID, TAG_STANDBY_CLIENT_ID } from "./tags.js";

/** DescribeSecret only (cheap; used while waiting on another run's lease). Refuses a secret we do not manage. */
export async function describeSecret(ctx: EnsureContext): Promise<void> {
  ctx.secret = await ctx.store.describe(ctx.request.secretName);
  ctx.storedDocument = undefined;
  if (ctx.secret && !isManagedSecret(ctx.secret.tags)) {
    throw new ShimError("CONFLICT", `the secret "${ctx.secret.name}" exists but was not created by genesys-oauth-shim (it lacks the ${TAG_CLAIM} tag)`, {
      hint: "Choose another secret_name; this tool never overwrites a secret it does not manage.",
    });
  }
}

/**
 * Reads what exists: the secret, the client it records (or the marked client an interrupted run created).
 * The access token and DescribeSecret go out together, then one GET of the client: two round trips in sequence.
 * The token comes first in any case, so wrong Genesys credentials fail the run before anything is written.
 */
export async function observe(ctx: EnsureContext): Promise<void> {
  await Promise.all([describeSecret(ctx), ctx.genesys.authenticate()]);
  await observeClient(ctx);
}

export function isAlternating(ctx: EnsureContext): boolean {
  return ctx.request.rotationStrategy === "alternating";
}

/** The slot of the client whose credentials the secret holds: fixed per client (its marker), "a" under in_place. */
export function currentSlot(ctx: EnsureContext): Slot {
  if (!isAlternating(ctx)) return "a";
  if (ctx.client) return slotOf(ctx.client.description) ?? "a";
  return ctx.standby ? otherSlot(slotOf(ctx.standby.description) ?? "a") : "a";
}

export function standbySlot(ctx: EnsureContext): Slot {
  return otherSlot(currentSlot(ctx));
}

/** The client the secret (as last described) records, or the marked client an interrupted run created. */
export async function observeClient(ctx: EnsureContext): Promise<void> {
  ctx.standby = undefined;
  ctx.goneStandby = undefined;
  ctx.switchedToStandby = false;
  ctx.standbyTookOver = false;
  const standbyId = isAlternating(ctx) ? ctx.secret?.tags[TAG_STANDBY_CLIENT_ID] : undefined;
  // Read at the same time as the current client (a steady run pays no extra round trip); used if it answers.
  const early = standbyId ? ctx.genesys.clients.get(standbyId).catch(() => undefined) : undefined;
  await observeCurrentClient(ctx);
  if (isAlternating(ctx)) await observeStandby(ctx, standbyId, await early);
}

/**
 * rotation_strategy "alternating": the standby the secret records, or a client carrying the claim in the standby's
 * slot (one an interrupted run created). When the current client is gone and the standby lives, the standby
 * becomes the client this run stores credentials for (its own secret is regenerated, as for any drift), and a new
 * standby is created in its place.
 */
async function observeStandby(ctx: EnsureContext, recordedId: string | undefined, early: OAuthClient | undefined): Promise<void> {
  if (recordedId && recordedId !== ctx.client?.id) {
    // As for the current client: a 404 is looked at again (briefly) once per run, not at every later look.
    const confirmed = (ctx.confirmedMissing ??= new Set());
    const recorded = early ?? (confirmed.has(recordedId) ? undefined : await getExpectedClient(ctx.genesys.clients, recordedId));
    if (!recorded) confirmed.add(recordedId);
    if (recorded && !isDeleted(recorded)) ctx.standby = recorded;
    else ctx.goneStandby = { id: recordedId, why: recorded ? deletedWhy(recorded) : "no longer exists in Genesys Cloud" };
  }
  if (!ctx.standby && ctx.secret?.tags[TAG_CLAIM] && (ctx.client || ctx.goneClient)) await adoptMarkedStandby(ctx);
  if (!ctx.client && ctx.standby) {
    debug(`the current client ${ctx.goneClient?.id ?? "(none)"} is gone; the standby ${ctx.standby.id} takes its place`);
    ctx.client = ctx.standby;
    ctx.standby = undefined;
    ctx.standbyTookOver = true;
  }
}

/** All live clients carrying this secret's claim marker (either slot). One list call. */
async function markedClients(ctx: EnsureContext): Promise<OAuthClient[]> {
  const claim = ctx.secret?.tags[TAG_CLAIM];
  if (!claim) return [];
  return (await ctx.genesys.clients.list()).filter((c) => claimOf(c.description) === claim && !isDeleted(c));
}

/** A client carrying the claim that is not the current one, preferring the standby's slot and an active one. */
export async function adoptMarkedStandby(ctx: EnsureContext): Promise<boolean> {
  const slot = standbySlot(ctx);
  const marked = (await markedClients(ctx)).filter((c) => c.id !== ctx.client?.id);
  marked.sort(
    (a, b) =>
      Number(slotOf(a.description) !== slot) - Number(slotOf(b.description) !== slot) || Number(a.state === "inactive") - Number(b.state === "inactive"),
  );
  ctx.standby = marked[0];
  if (ctx.standby) debug(`adopting client ${ctx.standby.id} as the standby, created for this secret by an earlier run`);
  return ctx.standby !== undefined;
}

async function observeCurrentClient(ctx: EnsureContext): Promise<void> {
  const lookedSince = Date.now();
  ctx.client = undefined;
  ctx.goneClient = undefined;
  const { secret } = ctx;
  if (!secret) return;
  let clientId = secret.tags[TAG_CLIENT_ID];
  if (!clientId && secret.currentVersionId) {
    // An earlier run stored the value but died before tagging: the document names the client.
    await loadStoredDocument(ctx);
    clientId = ctx.storedDocument?.client_id;
  }
  if (clientId) {
    // A 404 may be a client too new to read (reads lag behind its create): looked at again, briefly, before drift,
    // once per run (later looks, such as the lease step's right after writing its tag, must not wait).
    const confirmed = (ctx.confirmedMissing ??= new Set());
    const waited = !confirmed.has(clientId);
    const recorded = waited ? await getExpectedClient(ctx.genesys.clients, clientId) : await ctx.genesys.clients.get(clientId);
    if (!recorded) {
      confirmed.add(clientId);
      ctx.missingSince ??= lookedSince;
      if (waited) {
        await describeSecret(ctx); // what this run acts on is never older than its last look
        return observeCurrentClient(ctx);
      }
    }
    if (recorded && !isDeleted(recorded)) {
      ctx.client = recorded;
      return;
    }
    ctx.goneClient = { id: clientId, why: recorded ? deletedWhy(recorded) : "no longer exists in Genesys Cloud" };
  }
  await adoptMarkedClient(ctx);
}

function deletedWhy(client: OAuthClient): string {
  return `was deleted in Genesys Cloud (state "deleted"${client.dateToDelete ? `, removed for good on ${client.dateToDelete}` : ""})`;
}

export async function loadStoredDocument(ctx: EnsureContext): Promise<void> {
  if (ctx.storedDocument || !ctx.secret?.currentVersionId) return;
  ctx.storedDocument = parseStoredCredentials(await ctx.store.readValue(ctx.secret.arn));
}

/**
 * A client carrying this secret's claim in its description was created for it by an earlier, interrupted run.
 * An inactive one is adopted too (a rollback that could not finish deleting it, or a kill mid-rollback): the update
 * step reactivates it. Otherwise it would be orphaned and the next create would make a second client for the claim.
 */
export async function adoptMarkedClient(ctx: EnsureContext): Promise<boolean> {
  if (!ctx.secret?.tags[TAG_CLAIM]) return false;
  // Slot "a" first: an interrupted first run under "alternating" creates it before the standby. Never the recorded
  // standby: when the current client is gone, observeStandby decides what replaces it.
  const standbyId = isAlternating(ctx) ? ctx.secret?.tags[TAG_STANDBY_CLIENT_ID] : undefined;
  const marked = (await markedClients(ctx)).filter((c) => c.id !== ctx.standby?.id && c.id !== standbyId);
  marked.sort(
    (a, b) => Number(slotOf(a.description) !== "a") - Number(slotOf(b.description) !== "a") || Number(a.state === "inactive") - Number(b.state === "inactive"),
  );
  if (marked.length > 1) debug(`${marked.length} clients carry the claim; adopting ${marked[0]!.id}`);
  ctx.client = marked[0];
  if (!ctx.client) ctx.missingSince ??= Date.now();
  if (ctx.client) ctx.adoptedMarkedClient = true;
  if (ctx.client) debug(`adopting client ${ctx.client.id} (${ctx.client.state ?? "active"}), created for this secret by an earlier run`);
  return ctx.client !== undefined;
}
