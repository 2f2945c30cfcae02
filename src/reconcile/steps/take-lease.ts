import type { Step } from "../context.js";
import { leaseOf } from "../lease.js";
import { whyWrite } from "../needs.js";
import { takeLeaseFor } from "../run-lease.js";

// Only one run at a time writes a client and its secret: see lease.ts for the protocol. A run that finds another
// run's lease waits while that lease keeps changing (its holder renews it), and takes it over once it has stayed
// unchanged for the TTL on this run's own clock. Client updates and the KMS key are idempotent and carry no
// secret: they need no lease.
export const takeLease: Step = {
  name: "take write lease",
  async check(ctx) {
    if (ctx.lease || !ctx.secret) return undefined;
    const lease = leaseOf(ctx.secret);
    const foreign = lease && lease.owner !== ctx.owner;
    // A read-only run cannot take a lease; it reports only what an apply would write.
    if (foreign && !ctx.request.readOnly) {
      return lease.released
        ? `run ${lease.owner} stopped while writing this secret and released its lease; the stored secret must be checked`
        : `run ${lease.owner} holds the write lease (it may be writing, or it was killed)`;
    }
    return whyWrite(ctx);
  },
  async run(ctx) {
    await takeLeaseFor(ctx);
  },
};
