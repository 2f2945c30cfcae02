import { debug, info } from "../../core/log.js";
import { createNeverTwice } from "../create-never-twice.js";
import { claimOfSecret, type EnsureContext, type Step } from "../context.js";
import { desiredClient } from "../desired.js";
import { whyCreateStandby } from "../needs.js";
import { adoptMarkedStandby, standbySlot } from "../observe.js";
import { confirmLease } from "../run-lease.js";
import { LIST_VISIBILITY_WAIT_MS, lookUntilVisible } from "../visibility.js";

// rotation_strategy "alternating": the second client, with the same spec, named and marked apart (slot "b" of the
// claim, or "a" when the current client is "b"). Its secret from the create is dropped at once: nothing needs it
// until it takes over, and taking over regenerates it. Created under the write lease, like the current client; an
// earlier run that stopped after creating one (it left its lease behind) may have a standby the list shows only
// seconds later, so that run's is looked for first, for the same bounded time.

async function findLaggingStandby(ctx: EnsureContext): Promise<boolean> {
  const found = await lookUntilVisible(`a standby OAuth client for the secret "${ctx.request.secretName}"`, LIST_VISIBILITY_WAIT_MS, async () =>
    (await adoptMarkedStandby(ctx)) ? ctx.standby : undefined,
  );
  return found !== undefined;
}

async function created(ctx: EnsureContext, body: ReturnType<typeof desiredClient>): Promise<void> {
  const { secret: _dropped, ...client } = await ctx.genesys.clients.create(body);
  ctx.standby = client;
}

export const createStandby: Step = {
  name: "create standby OAuth client",
  check: whyCreateStandby,
  async run(ctx) {
    if (!(await confirmLease(ctx))) return;
    if (!ctx.claimedSecretThisRun && ctx.inheritedStaleLease && (await findLaggingStandby(ctx))) {
      debug(`standby client ${ctx.standby!.id} became visible; using it instead of creating one`);
      return;
    }
    const body = desiredClient(ctx.request, claimOfSecret(ctx), standbySlot(ctx));
    await createNeverTwice(
      ctx,
      "the standby client",
      () => created(ctx, body),
      () => findLaggingStandby(ctx),
    );
    ctx.createdStandbyThisRun = true;
    const gone = ctx.goneStandby;
    if (gone)
      info(
        `the standby OAuth client ${gone.id} recorded for the secret "${ctx.request.secretName}" ${gone.why}; new OAuth client ${ctx.standby!.id} replaces it`,
      );
    ctx.goneStandby = undefined;
    // Under "alternating" only the standby's latest secret is a valid AWSPREVIOUS, and a new standby has none stored:
    // whatever AWSPREVIOUS labels (a gone standby's credentials, an older value) no longer works.
    const previous = ctx.secret?.previousVersionId;
    if (previous) {
      await ctx.store.unlabelPrevious(ctx.secret!.arn, previous);
      ctx.secret = { ...ctx.secret!, previousVersionId: undefined };
    }
  },
};
