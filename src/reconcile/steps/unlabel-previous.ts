import type { EnsureContext, Step } from "../context.js";
import { isAlternating } from "../observe.js";
import { TAG_CLIENT_ID, TAG_STANDBY_CLIENT_ID } from "../tags.js";

// AWSPREVIOUS may only label credentials that still work: under "in_place" none (a regenerate ends the old secret at
// once), under "alternating" the standby client's (they were current until the last rotation). The steps that move
// or make it stale take it off as they go (store, create standby, delete standby), but a run killed between such a
// write and taking the label off leaves it on dead credentials, and the run that finishes its work may never repeat
// that write. This step sees it from the DescribeSecret every run makes: no cost when nothing is labelled. (A
// standby whose secret a stopped run regenerated is the final check's to find: test-secret's dropDeadPrevious.)

/** Under "alternating": the client whose credentials AWSPREVIOUS holds, as the secret records it. */
function recordedPreviousClient(ctx: EnsureContext): string | undefined {
  const tags = ctx.secret!.tags;
  // A switch in this run (or the one it finishes) makes the recorded current client the standby.
  return ctx.switchedToStandby ? tags[TAG_CLIENT_ID] : tags[TAG_STANDBY_CLIENT_ID];
}

export const unlabelPrevious: Step = {
  name: "remove AWSPREVIOUS label",
  check(ctx) {
    const previous = ctx.secret?.previousVersionId;
    if (!previous || !ctx.secret?.currentVersionId) return undefined;
    if (!isAlternating(ctx)) return `AWSPREVIOUS labels version ${previous}, whose client secret a regenerate ended (rotation_strategy "in_place")`;
    const standby = ctx.standby;
    if (standby && !ctx.createdStandbyThisRun && recordedPreviousClient(ctx) === standby.id) return undefined;
    return `AWSPREVIOUS labels version ${previous}, which does not hold the credentials of the standby client ${standby?.id ?? "(none)"} (it was replaced)`;
  },
  async run(ctx) {
    await ctx.store.unlabelPrevious(ctx.secret!.arn, ctx.secret!.previousVersionId!);
    ctx.secret = { ...ctx.secret!, previousVersionId: undefined };
  },
};
