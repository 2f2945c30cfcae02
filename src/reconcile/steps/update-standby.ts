import { ShimError } from "../../core/errors.js";
import { claimOfSecret, type Step } from "../context.js";
import { clientDifferences, desiredClient } from "../desired.js";
import { standbySlot } from "../observe.js";

// The standby is kept identical to the current client (but for its name and marker), so that it can take over at
// any rotation. Like the current client's update, it carries no secret and needs no lease.
export const updateStandby: Step = {
  name: "update standby OAuth client",
  check(ctx) {
    if (!ctx.standby || !ctx.secret) return undefined;
    const differs = clientDifferences(ctx.standby, desiredClient(ctx.request, claimOfSecret(ctx), standbySlot(ctx)));
    return differs.length ? `standby client ${ctx.standby.id} differs in ${differs.join(", ")}` : undefined;
  },
  async run(ctx) {
    const standby = ctx.standby!;
    const updated = await ctx.genesys.clients.update(standby.id, desiredClient(ctx.request, claimOfSecret(ctx), standbySlot(ctx)));
    if (!updated) {
      throw new ShimError("CONFLICT", `the standby OAuth client ${standby.id} was deleted while this run was updating it`, {
        hint: "Run again: the next run creates a new standby client.",
      });
    }
    ctx.standby = { ...updated, secret: undefined };
  },
};
