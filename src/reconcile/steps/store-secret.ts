import { randomUUID } from "node:crypto";
import { DOCUMENT_FORMAT, type StoredCredentials } from "../../secrets/document.js";
import type { EnsureContext, Step } from "../context.js";
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
  };
}

export const storeSecret: Step = {
  name: "store client secret",
  check: (ctx) => (ctx.pendingClientSecret ? "a new client secret is held only in memory" : undefined),
  async run(ctx) {
    const value = JSON.stringify(document(ctx, ctx.pendingClientSecret!));
    const replaced = ctx.secret!.currentVersionId;
    try {
      // A fresh token per stored value: the SDK reuses it for its own retries of this call, so a retried
      // PutSecretValue cannot create a second version.
      ctx.storedVersionId = await ctx.store.putValue(ctx.secret!.arn, value, randomUUID());
    } catch (error) {
      if (ctx.createdClientThisRun) throw await rollBackNewClient(ctx, error);
      throw error;
    }
    ctx.pendingClientSecret = undefined;
    ctx.storedThisRun = true;
    ctx.verified = false;
    ctx.storedDocument = undefined;
    ctx.secret = { ...ctx.secret!, currentVersionId: ctx.storedVersionId };
    // in_place: the replaced value stopped working when this run regenerated the secret (or replaced the client).
    if (replaced && replaced !== ctx.storedVersionId) await ctx.store.unlabelPrevious(ctx.secret.arn, replaced);
  },
};
