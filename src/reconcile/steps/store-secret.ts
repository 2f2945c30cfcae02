import { randomUUID } from "node:crypto";
import { debug } from "../../core/log.js";
import { DOCUMENT_FORMAT, type StoredCredentials } from "../../secrets/document.js";
import type { EnsureContext, Step } from "../context.js";
import { whyStore } from "../needs.js";
import { rollBackNewClient } from "../rollback.js";
import { rotationDigest } from "../tags.js";

function document(ctx: EnsureContext, clientSecret: string): StoredCredentials {
  const { endpoints } = ctx.genesys;
  return {
    format: DOCUMENT_FORMAT,
    client_id: ctx.client!.id,
    client_secret: clientSecret,
    client_name: ctx.request.name,
    genesys_region: endpoints.region.name,
    token_url: `${endpoints.loginBaseUrl}/oauth/token`,
    api_base_url: endpoints.apiBaseUrl,
    rotation_trigger_sha256: rotationDigest(ctx.request.rotationTrigger),
    ...(ctx.pendingDateModified ? { client_date_modified: ctx.pendingDateModified } : {}),
  };
}

// Two steps, so that a run that lost a race never overwrites the winner: the value is stored as a version that is
// not current yet, then AWSCURRENT is moved to it by compare-and-swap from the version this run last saw. If another
// version became current meanwhile, the final check (test-secret) decides which of the two is the client's latest.
export const storeSecret: Step = {
  name: "store client secret",
  check: whyStore,
  async run(ctx) {
    const value = JSON.stringify(document(ctx, ctx.pendingClientSecret!));
    const arn = ctx.secret!.arn;
    const expected = ctx.secret!.currentVersionId;
    let promoted: boolean;
    let versionId: string;
    try {
      // A fresh token per stored value: the SDK reuses it for its own retries of this call, so a retried
      // PutSecretValue cannot create a second version.
      const put = await ctx.store.putPending(arn, value, randomUUID());
      versionId = put.versionId;
      promoted = put.current || (await ctx.store.promote(arn, versionId, expected));
    } catch (error) {
      if (ctx.createdClientThisRun) throw await rollBackNewClient(ctx, error);
      throw error;
    }
    ctx.storedThisRun = true;
    ctx.verified = false;
    ctx.storedDocument = undefined;
    if (promoted) {
      ctx.pendingClientSecret = undefined;
      ctx.storedVersionId = versionId;
      ctx.secret = { ...ctx.secret!, currentVersionId: versionId };
      // Secrets Manager moved AWSPREVIOUS onto the replaced value. It keeps working only when this run switched to
      // the standby client ("alternating"); otherwise it stopped working when this run regenerated the secret (or
      // replaced the client), and a consumer falling back to AWSPREVIOUS must find nothing.
      if (expected && expected !== versionId && !ctx.switchedToStandby) await ctx.store.unlabelPrevious(arn, expected);
      return;
    }
    debug(`another run's value became current before this run's (${versionId}); the final check decides which is the client's latest`);
    ctx.lostVersionId = versionId;
    ctx.secret = (await ctx.store.describe(arn)) ?? ctx.secret;
  },
};
