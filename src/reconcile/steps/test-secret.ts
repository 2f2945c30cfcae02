import { ShimError } from "../../core/errors.js";
import { debug } from "../../core/log.js";
import { NOTHING_REGENERATED } from "../../genesys/token.js";
import { parseStoredCredentials, type StoredCredentials } from "../../secrets/document.js";
import type { EnsureContext, Step } from "../context.js";
import { isTestable } from "../needs.js";
import { isAlternating } from "../observe.js";
import { getExpectedClient } from "../remove-client.js";

// The final check, for every grant: after a write (or after taking over a lease whose holder stopped mid-write) the
// stored secret must be shown to be the client's LATEST, or the run does not exit 0.
// - CLIENT-CREDENTIALS: the AWS rotation template's testSecret: read AWSCURRENT back and log in with it (a
//   regenerate kills every older secret at once, so a secret that logs in is the latest).
// - Other grants cannot log in with their own secret. Genesys returns the client's dateModified with every secret it
//   issues (create, regenerate), and the stored document records it; while GET still answers the same dateModified,
//   nothing has changed the client (no regenerate) since that secret was issued.
// A run whose value lost the compare-and-swap of AWSCURRENT (store-secret) decides here: keep the other run's value if
// it is the latest, promote its own if that is, else leave it to the repair. The repair itself (regenerate, store,
// check once more) is ensure's loop, under the lease.

function sameInstant(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  return a === b || (!Number.isNaN(Date.parse(a)) && Date.parse(a) === Date.parse(b));
}

/** Whether this client id and secret (as issued with `dateModified`) are the latest of client `of` (default: ctx.client). */
async function isLatest(
  ctx: EnsureContext,
  credentials: { client_id: string; client_secret: string; client_date_modified?: string },
  of = ctx.client!,
): Promise<boolean> {
  if (credentials.client_id !== of.id) return false;
  if (isTestable(ctx)) return ctx.genesys.credentialsWork(credentials.client_id, credentials.client_secret);
  // A client created moments ago answers 404 until GET catches up with its create (docs/GENESYS-BEHAVIOUR.md).
  const client = await getExpectedClient(ctx.genesys.clients, credentials.client_id);
  const latest = client !== undefined && sameInstant(credentials.client_date_modified, client.dateModified);
  if (!latest)
    debug(
      `the client's dateModified is ${client?.dateModified ?? "(client gone)"}; the secret was issued at ${credentials.client_date_modified ?? "(not recorded)"}`,
    );
  return latest;
}

async function storedSecretIsLatest(ctx: EnsureContext): Promise<boolean> {
  const current = await ctx.store.readCurrent(ctx.secret!.arn);
  const doc: StoredCredentials | undefined = parseStoredCredentials(current?.value);
  if (!current || !doc || !(await isLatest(ctx, doc))) return false;
  ctx.secret = { ...ctx.secret!, currentVersionId: current.versionId };
  return true;
}

/** This run's value lost the compare-and-swap: is it, rather than the current one, the latest? Then promote it. */
async function settleLostValue(ctx: EnsureContext, versionId: string): Promise<void> {
  const mine = { client_id: ctx.client!.id, client_secret: ctx.pendingClientSecret!, client_date_modified: ctx.pendingDateModified };
  ctx.lostVersionId = undefined;
  ctx.pendingClientSecret = undefined;
  if (await storedSecretIsLatest(ctx)) {
    debug("the value another run made current is the client's latest; this run's is discarded");
    return;
  }
  if (!(await isLatest(ctx, mine))) return;
  const arn = ctx.secret!.arn;
  if (await ctx.store.promote(arn, versionId, (await ctx.store.describe(arn))?.currentVersionId)) {
    debug("this run's value is the client's latest: made it current");
    ctx.secret = { ...ctx.secret!, currentVersionId: versionId };
  }
}

/**
 * Only a wrong secret may lead to the repair (credentialsWork throws for any other refusal, such as
 * ip.not.authorized). A client that is not active is refused like a wrong secret, and a new secret would not help:
 * say what is wrong instead.
 */
async function refuseRepairOfInactiveClient(ctx: EnsureContext): Promise<void> {
  if (!isTestable(ctx)) return;
  // A 404 may be a client too new to read: then the repair goes ahead (and its regenerate says if it is gone).
  const state = (await ctx.genesys.clients.get(ctx.client!.id))?.state ?? "active";
  if (state === "active") return;
  throw new ShimError(
    "GENESYS_AUTH_FAILED",
    `Genesys Cloud refuses tokens for the OAuth client ${ctx.client!.id} because it is ${state}, not because of its secret`,
    {
      hint: "Nothing was regenerated. Run again: the next run reactivates (or replaces) the client; if Genesys support disabled it, ask them why first.",
    },
  );
}

/** A refusal (an IP allow-list, say) after this run had regenerated and stored a secret: its hint must not deny that. */
function saidTruly(ctx: EnsureContext, error: unknown): unknown {
  if (!ctx.storedThisRun || !(error instanceof ShimError) || !error.hint?.includes(NOTHING_REGENERATED)) return error;
  const stored =
    "This run had already regenerated the client secret and stored it as AWSCURRENT (Genesys issued it, so it is the client's latest); once the refusal is fixed, the next run checks it and regenerates nothing.";
  return new ShimError(error.code, error.message, {
    step: error.step,
    upstream: error.upstream,
    cause: error.cause,
    hint: error.hint.replace(NOTHING_REGENERATED, stored),
  });
}

/**
 * rotation_strategy "alternating": AWSPREVIOUS holds the standby's credentials, which must keep working. A run that
 * stopped while writing may have regenerated the standby's secret (a rotation cut off before its store) and the run
 * that takes over may not finish that rotation (its rotation_trigger went back): then AWSPREVIOUS names a dead
 * secret, and its label is removed, as in_place does.
 */
async function dropDeadPrevious(ctx: EnsureContext): Promise<void> {
  const { secret, standby } = ctx;
  if (!secret?.previousVersionId) return;
  const previous = await ctx.store.readStage(secret.arn, "AWSPREVIOUS");
  const doc = parseStoredCredentials(previous?.value);
  if (previous && doc && standby && (await isLatest(ctx, doc, standby))) return;
  debug("AWSPREVIOUS does not hold the standby client's latest secret (a run stopped mid-rotation): removing the label");
  if (previous?.versionId) await ctx.store.unlabelPrevious(secret.arn, previous.versionId);
  ctx.secret = { ...secret, previousVersionId: undefined };
}

export const testSecret: Step = {
  name: "test client secret",
  check(ctx) {
    if (ctx.verified || !ctx.client || !ctx.secret?.currentVersionId) return undefined;
    if (ctx.lostVersionId) return "another run's value became current before this run's";
    if (ctx.storedThisRun) return "this run stored a new client secret";
    if (ctx.inheritedStaleLease) return "a run stopped while writing this secret";
    return undefined;
  },
  async run(ctx) {
    try {
      if (ctx.lostVersionId) await settleLostValue(ctx, ctx.lostVersionId);
      if (await storedSecretIsLatest(ctx)) {
        ctx.verified = true;
        ctx.staleStored = false;
        if (isAlternating(ctx) && ctx.inheritedStaleLease && !ctx.switchedToStandby) await dropDeadPrevious(ctx);
        return;
      }
    } catch (error) {
      throw saidTruly(ctx, error);
    }
    await refuseRepairOfInactiveClient(ctx);
    debug("the stored client secret is not the client's latest (another writer overtook this one)");
    ctx.staleStored = true;
  },
};
