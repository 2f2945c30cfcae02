import { ShimError } from "../../core/errors.js";
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
    ctx.regenerateUnsettled = true;
    let issued: Awaited<ReturnType<typeof ctx.genesys.clients.regenerateSecret>>;
    try {
      issued = await ctx.genesys.clients.regenerateSecret(ctx.client!.id);
    } catch (error) {
      // A 4xx is a definite refusal; anything else (a timeout, a lost connection, a 5xx) may still be applied.
      const status = error instanceof ShimError ? (error.upstream?.status ?? 0) : 0;
      if (status >= 400 && status < 500) ctx.regenerateUnsettled = false;
      throw error;
    }
    ctx.regenerateUnsettled = false;
    ctx.pendingClientSecret = issued.secret;
    ctx.pendingDateModified = issued.dateModified;
    ctx.staleStored = false;
  },
};
