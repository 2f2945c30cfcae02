import { debug } from "../../core/log.js";
import { AmbiguousRequestError } from "../../genesys/http.js";
import { claimOfSecret, type EnsureContext, type Step } from "../context.js";
import { desiredClient } from "../desired.js";
import { adoptMarkedClient, observe } from "../observe.js";
import { TAG_CLIENT_ID } from "../tags.js";

const POLL_MS = 1_000;

function claimWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GENESYS_OAUTH_SHIM_CLAIM_WAIT_SECONDS;
  return (raw && /^\d+$/.test(raw) ? Number(raw) : 60) * 1000;
}

/** Another run claimed the secret moments ago and may be creating the client right now: give it time. */
async function waitForConcurrentRun(ctx: EnsureContext): Promise<void> {
  const { secret } = ctx;
  const created = secret?.createdDate?.getTime();
  // Only a bare claim (no recorded client, no value) can be another run's work in progress; drift cannot.
  if (ctx.claimedSecretThisRun || !secret || created === undefined || secret.tags[TAG_CLIENT_ID] || secret.currentVersionId) return;
  while (!ctx.client && Date.now() - created < claimWaitMs()) {
    debug("the secret was claimed moments ago by another run; waiting for it to record its client");
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    await observe(ctx);
  }
}

export const createClient: Step = {
  name: "create OAuth client",
  check(ctx) {
    if (ctx.client) return undefined;
    const recorded = ctx.secret?.tags[TAG_CLIENT_ID];
    return recorded ? `the client ${recorded} recorded on the secret no longer exists` : `no OAuth client exists for secret "${ctx.request.secretName}"`;
  },
  async run(ctx) {
    await waitForConcurrentRun(ctx);
    if (ctx.client) return;
    const body = desiredClient(ctx.request, claimOfSecret(ctx));
    try {
      const created = await ctx.genesys.clients.create(body);
      ctx.pendingClientSecret = created.secret;
      ctx.client = { ...created, secret: undefined };
    } catch (error) {
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
