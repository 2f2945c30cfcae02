import { parseStoredCredentials } from "../../secrets/document.js";
import type { EnsureContext, Step } from "../context.js";
import { isTestable } from "../needs.js";
import { isAlternating } from "../observe.js";
import { TAG_CLIENT_ID, TAG_STANDBY_CLIENT_ID } from "../tags.js";

// AWSPREVIOUS may only label credentials that still work: under "in_place" none (a regenerate ends the old secret at
// once), under "alternating" the standby client's (they were current until the last rotation). The steps that move
// or make it stale take it off as they go (store, create standby, delete standby), but a run killed between such a
// write and taking the label off leaves it on dead credentials, and the run that finishes its work may never repeat
// that write. This step sees it from the DescribeSecret every run makes: no cost when nothing is labelled. Under
// "alternating", after a run that stopped while writing (it may have regenerated the standby's secret, ending the
// one AWSPREVIOUS labels, before it could store the new one), the label is kept only if its credentials still work.

/** Under "alternating": the client whose credentials AWSPREVIOUS holds, as the secret records it. */
function recordedPreviousClient(ctx: EnsureContext): string | undefined {
  const tags = ctx.secret!.tags;
  // A switch in this run (or the one it finishes) makes the recorded current client the standby.
  return ctx.switchedToStandby ? tags[TAG_CLIENT_ID] : tags[TAG_STANDBY_CLIENT_ID];
}

/** The label must be checked against Genesys: a run stopped mid-write, and this run did not move the label itself. */
function mustCheckPrevious(ctx: EnsureContext): boolean {
  return ctx.inheritedStaleLease === true && !ctx.previousChecked && !(ctx.switchedToStandby && ctx.storedThisRun);
}

/** Whether AWSPREVIOUS holds the standby's latest credentials (the same test as the final check's, for the standby). */
async function previousWorks(ctx: EnsureContext): Promise<boolean> {
  const standby = ctx.standby!;
  const doc = parseStoredCredentials(await ctx.store.readValue(ctx.secret!.arn, "AWSPREVIOUS"));
  if (doc?.client_id !== standby.id) return false;
  if (isTestable(ctx)) return ctx.genesys.credentialsWork(doc.client_id, doc.client_secret);
  const [issued, modified] = [Date.parse(doc.client_date_modified ?? ""), Date.parse(standby.dateModified ?? "")];
  return !Number.isNaN(issued) && issued === modified;
}

export const unlabelPrevious: Step = {
  name: "remove AWSPREVIOUS label",
  check(ctx) {
    const previous = ctx.secret?.previousVersionId;
    if (!previous || !ctx.secret?.currentVersionId) return undefined;
    if (!isAlternating(ctx)) return `AWSPREVIOUS labels version ${previous}, whose client secret a regenerate ended (rotation_strategy "in_place")`;
    const standby = ctx.standby;
    if (standby && !ctx.createdStandbyThisRun && recordedPreviousClient(ctx) === standby.id) {
      return mustCheckPrevious(ctx) ? `a run stopped while writing: AWSPREVIOUS (version ${previous}) may label a secret it regenerated` : undefined;
    }
    return `AWSPREVIOUS labels version ${previous}, which does not hold the credentials of the standby client ${standby?.id ?? "(none)"} (it was replaced)`;
  },
  async run(ctx) {
    if (isAlternating(ctx) && mustCheckPrevious(ctx)) {
      ctx.previousChecked = true;
      if (await previousWorks(ctx)) return;
    }
    await ctx.store.unlabelPrevious(ctx.secret!.arn, ctx.secret!.previousVersionId!);
    ctx.secret = { ...ctx.secret!, previousVersionId: undefined };
  },
};
