import { debug, info } from "../../core/log.js";
import { claimOfSecret, type Step } from "../context.js";
import { claimOf } from "../marker.js";
import { whyRemoveStandby } from "../needs.js";
import { describeRemoval, getExpectedClient, removeClient } from "../remove-client.js";
import { confirmLease } from "../run-lease.js";
import { TAG_STANDBY_CLIENT_ID } from "../tags.js";

// Switching from "alternating" to "in_place": the client the stored credentials name stays (the update step gives it
// the in_place name and marker); the standby is deleted, under the write lease, since another run may be about to
// switch to it. Its secret is the one AWSPREVIOUS labels, which then no longer works: the label is removed, as
// in_place does on every rotation. The tag step forgets the standby once the run has finished.
export const removeStandby: Step = {
  name: "delete standby OAuth client",
  check: whyRemoveStandby,
  async run(ctx) {
    if (!(await confirmLease(ctx))) return;
    const id = ctx.secret!.tags[TAG_STANDBY_CLIENT_ID]!;
    const standby = id === ctx.client?.id ? undefined : await getExpectedClient(ctx.genesys.clients, id);
    if (standby && claimOf(standby.description) === claimOfSecret(ctx)) {
      const removal = await removeClient(ctx.genesys.clients, standby);
      info(
        `deleted the standby OAuth client ${id} ("${standby.name}"): rotation_strategy is "in_place"${removal === "absent" ? "" : describeRemoval(removal)}`,
      );
    } else {
      debug(`the standby client ${id} is gone, is the current client, or no longer carries this secret's claim: nothing to delete`);
    }
    const previous = ctx.secret!.previousVersionId;
    if (previous) await ctx.store.unlabelPrevious(ctx.secret!.arn, previous);
    ctx.standbyRemoved = true;
  },
};
