import type { EnsureContext, Step } from "../context.js";
import { rotationDigest, TAG_CLIENT_ID, TAG_ROTATION, userTags } from "../tags.js";

function tagChanges(ctx: EnsureContext): { set: Record<string, string>; remove: string[] } {
  const current = ctx.secret?.tags ?? {};
  const wanted: Record<string, string> = {
    ...ctx.request.secretTags,
    [TAG_CLIENT_ID]: ctx.client?.id ?? "",
    [TAG_ROTATION]: rotationDigest(ctx.request.rotationTrigger),
  };
  const set = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => current[key] !== value));
  const remove = Object.keys(userTags(current)).filter((key) => !(key in ctx.request.secretTags));
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
    await ctx.store.tag(ctx.secret!.arn, set);
    await ctx.store.untag(ctx.secret!.arn, remove);
    const tags = { ...ctx.secret!.tags, ...set };
    for (const key of remove) delete tags[key];
    ctx.secret = { ...ctx.secret!, tags };
  },
};
