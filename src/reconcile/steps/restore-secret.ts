import type { Step } from "../context.js";

export const restoreSecret: Step = {
  name: "restore secret",
  check: (ctx) => (ctx.secret?.deletedDate ? `the secret "${ctx.secret.name}" is scheduled for deletion` : undefined),
  async run(ctx) {
    await ctx.store.restore(ctx.secret!.arn);
    ctx.secret = { ...ctx.secret!, deletedDate: undefined };
  },
};
