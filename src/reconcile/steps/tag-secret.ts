import type { EnsureContext, Step } from "../context.js";
import { rotationDigest, TAG_CLIENT_ID, TAG_GENERATION, TAG_LEASE, TAG_ROTATION, TAG_STANDBY_CLIENT_ID, userTags } from "../tags.js";

function tagChanges(ctx: EnsureContext): { set: Record<string, string>; remove: string[] } {
  const current = ctx.secret?.tags ?? {};
  const wanted: Record<string, string> = {
    ...ctx.request.secretTags,
    [TAG_CLIENT_ID]: ctx.client?.id ?? "",
    [TAG_ROTATION]: rotationDigest(ctx.request.rotationTrigger),
    ...(ctx.standby ? { [TAG_STANDBY_CLIENT_ID]: ctx.standby.id } : {}),
    ...(ctx.request.generation !== undefined ? { [TAG_GENERATION]: ctx.request.generation } : {}),
  };
  const set = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => current[key] !== value));
  const remove = Object.keys(userTags(current)).filter((key) => !(key in ctx.request.secretTags));
  if (!ctx.standby && current[TAG_STANDBY_CLIENT_ID] !== undefined) remove.push(TAG_STANDBY_CLIENT_ID);
  // This run's lease ends with the write that records the finished state.
  if (ctx.lease) remove.push(TAG_LEASE);
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
    // Tags first, the lease last: a run that waits for the lease then sees the finished state. The renewals stop
    // (and one in flight is awaited) before the lease is removed, so none can put it back.
    await ctx.store.tag(ctx.secret!.arn, set);
    await ctx.lease?.stop();
    await ctx.store.untag(ctx.secret!.arn, remove);
    const tags = { ...ctx.secret!.tags, ...set };
    for (const key of remove) delete tags[key];
    ctx.secret = { ...ctx.secret!, tags };
    ctx.lease = undefined;
  },
};
