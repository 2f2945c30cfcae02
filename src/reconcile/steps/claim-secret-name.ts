import { randomBytes } from "node:crypto";
import { isAwsError } from "../../secrets/aws-error.js";
import type { Step } from "../context.js";
import { observe } from "../observe.js";
import { rotationDigest, TAG_CLAIM, TAG_MANAGED, TAG_ROTATION } from "../tags.js";

// CreateSecret without a value: secret names are unique per account and region, so whichever run creates the
// secret owns the right to create the client. A run that loses the race observes again and carries on.
export const claimSecretName: Step = {
  name: "claim secret name",
  check: (ctx) => (ctx.secret ? undefined : `no secret named "${ctx.request.secretName}" exists`),
  async run(ctx) {
    const { request } = ctx;
    const tags = {
      ...request.secretTags,
      [TAG_MANAGED]: "true",
      [TAG_CLAIM]: randomBytes(8).toString("hex"),
      [TAG_ROTATION]: rotationDigest(request.rotationTrigger),
    };
    try {
      ctx.secret = await ctx.store.createWithoutValue(request.secretName, {
        description: `Genesys Cloud OAuth client credentials for "${request.name}" (managed by genesys-oauth-shim)`,
        ...(request.kmsKeyId ? { kmsKeyId: request.kmsKeyId } : {}),
        tags,
      });
      ctx.claimedSecretThisRun = true;
    } catch (error) {
      if (!isAwsError(error, "ResourceExistsException")) throw error;
      await observe(ctx);
    }
  },
};
