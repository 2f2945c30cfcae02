import type { EnsureContext, Step } from "../context.js";

// DescribeSecret may report a key as an ARN where the user gave an id or alias: compare by suffix.
function sameKey(actual: string | undefined, wanted: string): boolean {
  return actual !== undefined && (actual === wanted || actual.endsWith(`/${wanted}`) || actual.endsWith(`:${wanted}`));
}

function needsKey(ctx: EnsureContext): string | undefined {
  const wanted = ctx.request.kmsKeyId;
  if (!wanted || !ctx.secret || sameKey(ctx.secret.kmsKeyId, wanted)) return undefined;
  return `the secret is encrypted with ${ctx.secret.kmsKeyId ?? "the AWS managed key"}, not ${wanted}`;
}

export const setKmsKey: Step = {
  name: "set secret KMS key",
  check: needsKey,
  async run(ctx) {
    await ctx.store.setKmsKey(ctx.secret!.arn, ctx.request.kmsKeyId!);
    ctx.secret = { ...ctx.secret!, kmsKeyId: ctx.request.kmsKeyId };
  },
};
