import type { Step } from "../context.js";
import { whyNewSecret } from "../needs.js";
import { confirmLease } from "../run-lease.js";

export const regenerateSecret: Step = {
  name: "regenerate client secret",
  check: whyNewSecret,
  async run(ctx) {
    // The one irrevocable write (the old secret stops working at once): only while the lease is still ours.
    if (!(await confirmLease(ctx))) return;
    ctx.regenerateAttempted = true;
    const issued = await ctx.genesys.clients.regenerateSecret(ctx.client!.id);
    ctx.pendingClientSecret = issued.secret;
    ctx.pendingDateModified = issued.dateModified;
    ctx.staleStored = false;
  },
};
