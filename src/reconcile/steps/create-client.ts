import { debug, info } from "../../core/log.js";
import { createNeverTwice } from "../create-never-twice.js";
import { isDeleted } from "../../genesys/types.js";
import { claimOfSecret, type EnsureContext, type Step } from "../context.js";
import { desiredClient } from "../desired.js";
import { whyCreate } from "../needs.js";
import { adoptMarkedClient, currentSlot } from "../observe.js";
import { confirmLease } from "../run-lease.js";
import { TAG_CLIENT_ID } from "../tags.js";
import { LIST_VISIBILITY_WAIT_MS, lookUntilVisible } from "../visibility.js";

// Runs only under the write lease (the claim's, or one taken since), so no other run is creating at the same time.
// Genesys lists a new client only seconds after its create, so "no client carries the claim" is a fact only after
// waiting that long. A create is sent at once when no earlier run can have made a client for the claim that the
// list does not show yet: the claim is this run's own, or the last run finished cleanly (it recorded its client and
// ended its lease; every create happens under a lease, and a run that stops while holding one leaves it behind).

function earlierRunMayHaveCreated(ctx: EnsureContext): boolean {
  if (ctx.claimedSecretThisRun) return false;
  return !ctx.secret?.tags[TAG_CLIENT_ID] || ctx.inheritedStaleLease === true;
}

/** The recorded client after all (too new to read at first), or one carrying the claim; bounded wait. */
async function findLaggingClient(ctx: EnsureContext, since?: number): Promise<boolean> {
  const recorded = ctx.secret?.tags[TAG_CLIENT_ID];
  const found = await lookUntilVisible(
    `an OAuth client for the secret "${ctx.request.secretName}"`,
    LIST_VISIBILITY_WAIT_MS,
    async () => {
      if (recorded) {
        const client = await ctx.genesys.clients.get(recorded);
        if (client && !isDeleted(client)) return (ctx.client = client);
      }
      return (await adoptMarkedClient(ctx)) ? ctx.client : undefined;
    },
    since,
  );
  if (found && found.id === recorded) ctx.goneClient = undefined;
  return found !== undefined;
}

/** Drift, said once on stderr: the client the secret recorded is gone, and which one replaces it. */
function reportReplacement(ctx: EnsureContext, how: string): void {
  const gone = ctx.goneClient;
  if (!gone || !ctx.client || ctx.client.id === gone.id) return;
  info(
    `the OAuth client ${gone.id} recorded for the secret "${ctx.request.secretName}" ${gone.why}; ${how} OAuth client ${ctx.client.id} ("${ctx.client.name}") replaces it and the secret now holds its credentials`,
  );
  ctx.goneClient = undefined;
}

async function created(ctx: EnsureContext, body: ReturnType<typeof desiredClient>): Promise<void> {
  const client = await ctx.genesys.clients.create(body);
  ctx.pendingClientSecret = client.secret;
  ctx.pendingDateModified = client.dateModified;
  ctx.client = { ...client, secret: undefined };
}

export const createClient: Step = {
  name: "create OAuth client",
  check: whyCreate,
  async run(ctx) {
    if (!(await confirmLease(ctx))) return;
    if (earlierRunMayHaveCreated(ctx) && (await findLaggingClient(ctx, ctx.missingSince))) {
      debug(`client ${ctx.client!.id} became visible; using it instead of creating one`);
      reportReplacement(ctx, "the earlier-created");
      return;
    }
    const body = desiredClient(ctx.request, claimOfSecret(ctx), currentSlot(ctx));
    // A refused create (4xx) leaves createAttempted false, so a failing run may give its claim back.
    await createNeverTwice(
      ctx,
      "the client",
      () => created(ctx, body),
      () => findLaggingClient(ctx),
    );
    ctx.createdClientThisRun = true;
    reportReplacement(ctx, "new");
  },
};
