import { ShimError } from "../../core/errors.js";
import { claimOfSecret, type Step } from "../context.js";
import { clientDifferences, desiredClient } from "../desired.js";
import { currentSlot } from "../observe.js";

export const updateClient: Step = {
  name: "update OAuth client",
  check(ctx) {
    if (!ctx.client || !ctx.secret) return undefined;
    const differs = clientDifferences(ctx.client, desiredClient(ctx.request, claimOfSecret(ctx), currentSlot(ctx)));
    return differs.length ? `client ${ctx.client.id} differs in ${differs.join(", ")}` : undefined;
  },
  async run(ctx) {
    const client = ctx.client!;
    const updated = await ctx.genesys.clients.update(client.id, desiredClient(ctx.request, claimOfSecret(ctx), currentSlot(ctx)));
    if (!updated) {
      throw new ShimError("CONFLICT", `the OAuth client ${client.id} was deleted while this run was updating it`, {
        hint: "Run again: the next run creates a new client.",
      });
    }
    ctx.client = { ...updated, secret: undefined };
  },
};
