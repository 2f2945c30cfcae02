import { randomBytes } from "node:crypto";
import { debug } from "../../core/log.js";
import { isAwsError } from "../../secrets/aws-error.js";
import type { Step } from "../context.js";
import { formatLease, HeldLease, leaseOf, newOwnerId } from "../lease.js";
import { observe } from "../observe.js";
import { rotationDigest, TAG_CLAIM, TAG_LEASE, TAG_MANAGED, TAG_ROTATION } from "../tags.js";

// CreateSecret without a value: secret names are unique per account and region, so whichever run creates the
// secret owns the right to create the client. The claim carries that run's write lease, so other runs wait for it
// instead of adopting its client half-way. A run that loses the race observes again and carries on; a run whose
// CreateSecret answer was lost (the SDK's retry then reports ResourceExistsException) recognises its own claim.
export const claimSecretName: Step = {
  name: "claim secret name",
  check: (ctx) => (ctx.secret ? undefined : `no secret named "${ctx.request.secretName}" exists`),
  async run(ctx) {
    const { request } = ctx;
    const owner = (ctx.owner ??= newOwnerId());
    const claim = randomBytes(8).toString("hex");
    const lease = formatLease(owner);
    const tags = {
      ...request.secretTags,
      [TAG_MANAGED]: "true",
      [TAG_CLAIM]: claim,
      [TAG_ROTATION]: rotationDigest(request.rotationTrigger),
      [TAG_LEASE]: lease,
    };
    const sentAt = performance.now();
    const hold = (arn: string) => (ctx.lease = new HeldLease(ctx.store, arn, owner, sentAt, true));
    try {
      ctx.secret = await ctx.store.createWithoutValue(request.secretName, {
        description: `Genesys Cloud OAuth client credentials for "${request.name}" (managed by genesys-oauth-shim)`,
        ...(request.kmsKeyId ? { kmsKeyId: request.kmsKeyId } : {}),
        tags,
      });
      ctx.claimedSecretThisRun = true;
      hold(ctx.secret.arn);
    } catch (error) {
      if (!isAwsError(error, "ResourceExistsException")) throw error;
      await observe(ctx);
      if (ctx.secret?.tags[TAG_CLAIM] === claim && leaseOf(ctx.secret)?.owner === owner) {
        debug("the secret name was claimed by this run (the CreateSecret answer was lost)");
        ctx.claimedSecretThisRun = true;
        hold(ctx.secret.arn);
      }
    }
  },
};
