import { ShimError } from "../core/errors.js";
import { debug } from "../core/log.js";
import { parseStoredCredentials } from "../secrets/document.js";
import type { EnsureContext } from "./context.js";
import { isDeleted, type OAuthClient } from "../genesys/types.js";
import { claimOf } from "./marker.js";
import { getExpectedClient } from "./remove-client.js";
import { isManagedSecret, TAG_CLAIM, TAG_CLIENT_ID } from "./tags.js";

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

/** The client the secret (as last described) records, or the marked client an interrupted run created. */
export async function observeClient(ctx: EnsureContext): Promise<void> {
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
        return observeClient(ctx);
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
  const claim = ctx.secret?.tags[TAG_CLAIM];
  if (!claim) return false;
  const marked = (await ctx.genesys.clients.list()).filter((c) => claimOf(c.description) === claim && !isDeleted(c));
  marked.sort((a, b) => Number(a.state === "inactive") - Number(b.state === "inactive"));
  if (marked.length > 1) debug(`${marked.length} clients carry claim ${claim}; adopting ${marked[0]!.id}`);
  ctx.client = marked[0];
  if (!ctx.client) ctx.missingSince ??= Date.now();
  if (ctx.client) ctx.adoptedMarkedClient = true;
  if (ctx.client) debug(`adopting client ${ctx.client.id} (${ctx.client.state ?? "active"}), created for this secret by an earlier run`);
  return ctx.client !== undefined;
}
