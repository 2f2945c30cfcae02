import { ShimError } from "../../core/errors.js";
import { debug } from "../../core/log.js";
import { AmbiguousRequestError } from "../../genesys/http.js";
import { claimOfSecret, type Step } from "../context.js";
import { desiredClient } from "../desired.js";
import { adoptMarkedClient } from "../observe.js";
import { TAG_CLIENT_ID } from "../tags.js";

// Runs only under the write lease (the claim's, or one taken since), so no other run is creating at the same time.
export const createClient: Step = {
  name: "create OAuth client",
  check(ctx) {
    if (ctx.client) return undefined;
    const recorded = ctx.secret?.tags[TAG_CLIENT_ID];
    return recorded ? `the client ${recorded} recorded on the secret no longer exists` : `no OAuth client exists for secret "${ctx.request.secretName}"`;
  },
  async run(ctx) {
    const body = desiredClient(ctx.request, claimOfSecret(ctx));
    ctx.createAttempted = true;
    try {
      const created = await ctx.genesys.clients.create(body);
      ctx.pendingClientSecret = created.secret;
      ctx.client = { ...created, secret: undefined };
    } catch (error) {
      // A 4xx is a definite refusal: nothing was created, so a failing run may give its claim back.
      if (error instanceof ShimError && (error.upstream?.status ?? 0) >= 400 && (error.upstream?.status ?? 0) < 500) ctx.createAttempted = false;
      if (!(error instanceof AmbiguousRequestError)) throw error;
      // Never retry a create blindly: the first one may have been applied. Adopt it if it was.
      debug("create was ambiguous; looking for the client by its claim before trying again");
      if (!(await adoptMarkedClient(ctx))) {
        const created = await ctx.genesys.clients.create(body);
        ctx.pendingClientSecret = created.secret;
        ctx.client = { ...created, secret: undefined };
      }
    }
    ctx.createdClientThisRun = true;
  },
};
