import { randomBytes } from "node:crypto";
import type { SecretInfo } from "../secrets/store.js";
import { TAG_LEASE } from "./tags.js";

// The write lease: a tag on the secret naming the run that is writing (regenerating, storing) and until when.
// A run's lease ends no later than its own deadline plus the cleanup grace, after which that run has exited, so an
// expired lease means its holder stopped mid-flight (killed): the next run must check the stored secret.
// Value: "<owner>:<unix seconds>"; a run that fails releases its lease as "<owner>:0".

export interface Lease {
  owner: string;
  untilMs: number;
}

export function newOwnerId(): string {
  return randomBytes(8).toString("hex");
}

export function formatLease(owner: string, untilMs: number): string {
  return `${owner}:${Math.ceil(untilMs / 1000)}`;
}

export function leaseOf(secret: SecretInfo | undefined): Lease | undefined {
  const match = /^([0-9a-f]{16}):(\d+)$/.exec(secret?.tags[TAG_LEASE] ?? "");
  return match ? { owner: match[1]!, untilMs: Number(match[2]) * 1000 } : undefined;
}

export function isLive(lease: Lease, nowMs: number = Date.now()): boolean {
  return lease.untilMs > nowMs;
}
