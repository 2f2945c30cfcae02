import { ShimError } from "../../core/errors.js";
import { debug } from "../../core/log.js";
import { AmbiguousRequestError } from "../../genesys/http.js";
import { claimOfSecret, type EnsureContext, type Step } from "../context.js";
import { desiredClient } from "../desired.js";
import { whyCreate } from "../needs.js";
import { adoptMarkedClient } from "../observe.js";
import { confirmLease } from "../run-lease.js";

// Runs only under the write lease (the claim's, or one taken since), so no other run is creating at the same time.
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
    const body = desiredClient(ctx.request, claimOfSecret(ctx));
    ctx.createAttempted = true;
    try {
      await created(ctx, body);
    } catch (error) {
      // A 4xx is a definite refusal: nothing was created, so a failing run may give its claim back.
      if (error instanceof ShimError && (error.upstream?.status ?? 0) >= 400 && (error.upstream?.status ?? 0) < 500) ctx.createAttempted = false;
      if (!(error instanceof AmbiguousRequestError)) throw error;
      // Never retry a create blindly: the first one may have been applied. Adopt it if it was.
      debug("create was ambiguous; looking for the client by its claim before trying again");
      if (!(await adoptMarkedClient(ctx))) await created(ctx, body);
    }
    ctx.createdClientThisRun = true;
  },
};
