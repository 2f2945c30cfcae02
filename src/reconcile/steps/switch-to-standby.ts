import type { Step } from "../context.js";
import { whySwitchToStandby } from "../needs.js";

// rotation_strategy "alternating", the AWS "alternating users" strategy: a rotation regenerates the standby's secret
// (the regenerate step, which follows) and stores it as AWSCURRENT, so the current client's secret, which Secrets
// Manager then labels AWSPREVIOUS, keeps working until the next rotation. This step only changes which client the
// following steps act on; the tag step records the swap once the new secret is stored and checked.
export const switchToStandby: Step = {
  name: "switch to standby client",
  check: whySwitchToStandby,
  async run(ctx) {
    const previous = ctx.client!;
    ctx.client = ctx.standby!;
    ctx.standby = previous;
    ctx.switchedToStandby = true;
  },
};
