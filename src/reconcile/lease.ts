import { randomBytes } from "node:crypto";
import { runDeadline } from "../core/deadline.js";
import { describeError, ShimError } from "../core/errors.js";
import { debug } from "../core/log.js";
import type { SecretInfo, SecretsStore } from "../secrets/store.js";
import { TAG_LEASE } from "./tags.js";

// The write lease: one tag on the secret, "<owner>:<beat>", naming the run that writes the client and its secret.
// It carries no time. Clocks of different hosts disagree (a skewed clock made an absolute expiry look over while its
// holder was still writing), so expiry is measured the way etcd and Chubby clients do it: by the OBSERVER's own
// monotonic clock. The holder changes the beat every RENEW_MS while it holds the lease; an observer that has seen
// the same value, unchanged, for LEASE_TTL_MS of its own time treats the holder as gone. A killed holder therefore
// blocks others for about LEASE_TTL_MS after they first look, never for its whole deadline.
//
// Taking the lease needs no timing bound: tag, wait, read back; whoever's tag is read back holds it. There is no
// "tag within N s of the read" rule that a slow network can fail forever (the livelock of the Fischer-style lease).
// Two runs can still both believe they hold it when one tag arrives very late; that costs a second regenerate at
// worst, never a dead secret: the holder confirms the lease right before each irrevocable write, stores its secret
// with a compare-and-swap of AWSCURRENT, and the final check proves the stored secret is the client's latest.
//
// "<owner>:r" is a lease released after a failure: free at once, but the next run checks the stored secret first.

export const LEASE_TTL_MS = 15_000;
export const RENEW_MS = 3_000;
export const POLL_MS = 1_000;
/** The wait between tagging and reading back, plus twice the time our own tag took (a late tag is about as late). */
export const SETTLE_MS = 2_000;
/**
 * Tag only right after a read that showed the lease free: if other work came between (more than this since the
 * read's answer), read again first. Counted from the answer, not the request, so slow calls cannot make it loop.
 */
export const FRESH_READ_MS = 500;
const RELEASED = "r";

export interface LeaseTag {
  owner: string;
  /** The whole tag value: any change of it is a renewal. */
  value: string;
  released: boolean;
}

export function newOwnerId(): string {
  return randomBytes(8).toString("hex");
}

function newBeat(): string {
  return randomBytes(4).toString("hex");
}

export function formatLease(owner: string, beat: string = newBeat()): string {
  return `${owner}:${beat}`;
}

/** The lease on a secret. Values written by earlier versions ("<owner>:<unix seconds>", "<owner>:0") parse too. */
export function leaseOf(secret: SecretInfo | undefined): LeaseTag | undefined {
  const value = secret?.tags[TAG_LEASE];
  const match = /^([0-9a-f]{16}):([0-9a-z]+)$/.exec(value ?? "");
  if (!match || !value) return undefined;
  return { owner: match[1]!, value, released: match[2] === RELEASED || match[2] === "0" };
}

const monotonicNow = (): number => performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Expiry by the observer's own monotonic clock: how long one lease value has been seen unchanged. */
export class LeaseObserver {
  private value: string | undefined;
  private since = 0;

  /** Records what was read; returns true when that value has now been seen unchanged for LEASE_TTL_MS. */
  see(lease: LeaseTag | undefined, now: number = monotonicNow()): boolean {
    if (lease?.value !== this.value) {
      this.value = lease?.value;
      this.since = now;
    }
    return lease !== undefined && now - this.since >= LEASE_TTL_MS;
  }

  unchangedForMs(now: number = monotonicNow()): number {
    return now - this.since;
  }
}

/** A lease this run holds: renewed in the background until stopped, confirmed before irrevocable writes. */
export class HeldLease {
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;
  /** When the last renewal that landed was sent (monotonic): observers cannot have expired us before + TTL. */
  private lastSentAt: number;

  constructor(
    private readonly store: SecretsStore,
    readonly arn: string,
    readonly owner: string,
    sentAt: number,
    /** A lease from the claim (CreateSecret) cannot have been overwritten by a late tag: nobody else could tag. */
    private readonly fromClaim = false,
  ) {
    this.lastSentAt = sentAt;
    this.timer = setInterval(() => void this.renew(), RENEW_MS);
    this.timer.unref();
  }

  private renew(): Promise<void> {
    if (this.renewing || !this.timer) return this.renewing ?? Promise.resolve();
    const value = formatLease(this.owner);
    const sentAt = monotonicNow();
    this.renewing = this.store
      .tag(this.arn, { [TAG_LEASE]: value })
      .then(
        () => {
          this.lastSentAt = sentAt;
        },
        (error: unknown) => debug(`renewing the write lease failed: ${describeError(error)}`),
      )
      .finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  /**
   * Whether the holder may still trust the lease: an observer sees a renewal no earlier than it was sent, so it
   * expires the lease no earlier than TTL after that. Half the TTL is left for the write that follows to land.
   */
  private fresh(): boolean {
    return monotonicNow() - this.lastSentAt < LEASE_TTL_MS / 2;
  }

  /**
   * Right before an irrevocable write: renew unless the last renewal is recent, then read the secret back. The
   * lease is still ours if the tag names us and the renewal is still fresh after the read (a call slower than
   * half the TTL makes this fail, and the run waits for the lease again). Returns the secret as read.
   */
  async confirm(read: () => Promise<SecretInfo | undefined>): Promise<{ held: boolean; secret?: SecretInfo }> {
    await this.renewing;
    if (monotonicNow() - this.lastSentAt > LEASE_TTL_MS / 4) await this.renew();
    if (this.fromClaim && this.fresh()) return { held: true };
    const secret = await read();
    const lease = leaseOf(secret);
    const held = this.fresh() && lease?.owner === this.owner && !lease.released;
    if (!held) debug(`the write lease is no longer this run's (${lease ? `the tag names ${lease.owner}` : "no lease tag"})`);
    return { held, secret };
  }

  /** Stops renewing and waits for a renewal in flight, so that nothing re-tags the lease after this. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.renewing;
  }

  /**
   * Gives the lease back after a failure, if the tag still names this run: "check" when this run may have written
   * (the next run verifies the stored secret first), "clean" when it wrote nothing. Never throws.
   */
  async release(kind: "check" | "clean"): Promise<void> {
    await this.stop();
    try {
      const secret = await this.store.describe(this.arn);
      if (leaseOf(secret)?.owner !== this.owner) return;
      if (kind === "clean") await this.store.untag(this.arn, [TAG_LEASE]);
      else await this.store.tag(this.arn, { [TAG_LEASE]: formatLease(this.owner, RELEASED) });
      debug(`released this run's write lease (${kind})`);
    } catch (error) {
      debug(`could not release this run's write lease: ${describeError(error)}`);
    }
  }
}

export interface AcquireOptions {
  store: SecretsStore;
  secretName: string;
  owner: string;
  /** DescribeSecret (and whatever the caller keeps of it); undefined when the secret no longer exists. */
  read(): Promise<SecretInfo | undefined>;
  /** Called when another run's lease ended (it finished, or released it): is there still work for this run? */
  stillNeeded(): Promise<boolean>;
}

export type Acquired =
  { held: HeldLease; secret: SecretInfo; inheritedStale: boolean } | { held: undefined; secret: SecretInfo | undefined; inheritedStale: false };

function vanished(secretName: string): ShimError {
  return new ShimError(
    "CONFLICT",
    `the secret "${secretName}" was deleted while this run was waiting for its write lease (another run or a person deleted it)`,
    {
      hint: "Nothing more was written by this run. Run again: the next run starts from what exists then.",
    },
  );
}

/**
 * Takes the write lease on a secret, waiting for another run's live lease. Returns `held: undefined` when another run
 * finished the work meanwhile. A lease taken over from a run that went silent, or released after a failure, is
 * reported as inherited stale: that run may have stopped mid-write, so the stored secret must be checked.
 */
export async function acquireLease(start: SecretInfo, options: AcquireOptions): Promise<Acquired> {
  const deadline = runDeadline();
  const observer = new LeaseObserver();
  let secret: SecretInfo | undefined = start;
  let readAnsweredAt = Number.NEGATIVE_INFINITY;
  const readAgain = async () => {
    secret = await options.read();
    readAnsweredAt = monotonicNow();
  };
  for (;;) {
    if (!secret) throw vanished(options.secretName);
    const lease = leaseOf(secret);
    let stale = false;
    if (lease && lease.owner !== options.owner) {
      if (lease.released) {
        stale = true;
      } else if (observer.see(lease)) {
        debug(`run ${lease.owner}'s write lease was unchanged for ${Math.round(observer.unchangedForMs() / 1000)} s of this run's time: taking it over`);
        stale = true;
      } else {
        if (deadline.remainingMs() < POLL_MS) {
          throw new ShimError(
            "CONFLICT",
            `another run (${lease.owner}) is writing the secret "${options.secretName}" and keeps renewing its write lease; this run's deadline of ${deadline.seconds} s ran out waiting for it`,
            {
              hint: `Nothing was written by this run. Run again once the other run has finished; a run that was killed stops renewing, and its lease is taken over ${LEASE_TTL_MS / 1000} s after that.`,
            },
          );
        }
        await sleep(POLL_MS);
        await readAgain();
        const after = leaseOf(secret);
        if (secret && (!after || after.released) && !(await options.stillNeeded())) return { held: undefined, secret, inheritedStale: false };
        continue;
      }
    }
    if (monotonicNow() - readAnsweredAt > FRESH_READ_MS) {
      // Efficiency, not safety: the later a tag lands after the read that showed the lease free, the likelier it
      // lands on top of another run's that was taken meanwhile.
      await readAgain();
      continue;
    }
    const value = formatLease(options.owner);
    const sentAt = monotonicNow();
    try {
      await options.store.tag(secret.arn, { [TAG_LEASE]: value });
      await sleep(SETTLE_MS + 2 * (monotonicNow() - sentAt));
      await readAgain();
    } catch (error) {
      // Tagged (or maybe tagged) but never held: take the tag back if it still names this run.
      runDeadline().enterCleanup();
      await new HeldLease(options.store, start.arn, options.owner, sentAt).release("clean");
      throw error;
    }
    if (!secret) throw vanished(options.secretName);
    if (leaseOf(secret)?.value === value) return { held: new HeldLease(options.store, secret.arn, options.owner, sentAt), secret, inheritedStale: stale };
    debug("another run's lease tag landed after this run's; waiting for it");
  }
}
