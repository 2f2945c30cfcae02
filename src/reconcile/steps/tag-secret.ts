import type { EnsureContext, Step } from "../context.js";
import { isLive, leaseOf } from "../lease.js";
import { rotationDigest, TAG_CLIENT_ID, TAG_GENERATION, TAG_LEASE, TAG_ROTATION, userTags } from "../tags.js";

/** This run's lease, or a stale one it took over, ends with the write that records the finished state. */
function leaseToEnd(ctx: EnsureContext): boolean {
  const lease = leaseOf(ctx.secret);
  return lease !== undefined && (lease.owner === ctx.owner || !isLive(lease));
}

function tagChanges(ctx: EnsureContext): { set: Record<string, string>; remove: string[] } {
  const current = ctx.secret?.tags ?? {};
  const wanted: Record<string, string> = {
    ...ctx.request.secretTags,
    [TAG_CLIENT_ID]: ctx.client?.id ?? "",
    [TAG_ROTATION]: rotationDigest(ctx.request.rotationTrigger),
    ...(ctx.request.generation !== undefined ? { [TAG_GENERATION]: ctx.request.generation } : {}),
  };
  const set = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => current[key] !== value));
  const remove = Object.keys(userTags(current)).filter((key) => !(key in ctx.request.secretTags));
  if (leaseToEnd(ctx)) remove.push(TAG_LEASE);
  return { set, remove };
}

export const tagSecret: Step = {
  name: "tag secret",
  check(ctx) {
    if (!ctx.secret || !ctx.client || !ctx.secret.currentVersionId) return undefined;
    const { set, remove } = tagChanges(ctx);
    const keys = [...Object.keys(set), ...remove];
    return keys.length ? `tags ${keys.join(", ")} are out of date` : undefined;
  },
  async run(ctx) {
    const { set, remove } = tagChanges(ctx);
    // Tags first, the lease last: a run that waits for the lease then sees the finished state.
    await ctx.store.tag(ctx.secret!.arn, set);
    await ctx.store.untag(ctx.secret!.arn, remove);
    const tags = { ...ctx.secret!.tags, ...set };
    for (const key of remove) delete tags[key];
    ctx.secret = { ...ctx.secret!, tags };
    ctx.leaseHeld = false;
  },
};
