// The write lease's tag and its expiry, which is measured by the observer's own monotonic clock, never by a time
// written into the tag (so a holder or observer whose wall clock is off cannot make a live lease look expired).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatLease, LEASE_TTL_MS, LeaseObserver, leaseOf } from "../../src/reconcile/lease.js";

const OWNER = "0123456789abcdef";
const secretWith = (value: string) => ({ tags: { "genesys-oauth-shim:lease": value } }) as never;

describe("lease tag", () => {
  it("names its owner and carries no time; a released lease parses as released", () => {
    const lease = leaseOf(secretWith(formatLease(OWNER)));
    assert.equal(lease?.owner, OWNER);
    assert.equal(lease?.released, false);
    assert.match(lease!.value.split(":")[1]!, /^[0-9a-f]{8}$/, "a random beat, no unix time");
    assert.equal(leaseOf(secretWith(formatLease(OWNER, "r")))?.released, true);
    assert.equal(leaseOf(secretWith("garbage")), undefined);
  });

  it("reads the tags written by the earlier, clock-based lease (a release was ':0')", () => {
    assert.equal(leaseOf(secretWith(`${OWNER}:1795000000`))?.released, false);
    assert.equal(leaseOf(secretWith(`${OWNER}:0`))?.released, true);
  });

  it("two renewals never write the same value (a renewal must be visible as a change)", () => {
    assert.notEqual(formatLease(OWNER), formatLease(OWNER));
  });
});

describe("lease expiry by the observer's clock", () => {
  it("expires a value seen unchanged for the TTL, counted from when this observer first saw it", () => {
    const observer = new LeaseObserver();
    const lease = leaseOf(secretWith(formatLease(OWNER)));
    assert.equal(observer.see(lease, 1_000), false);
    assert.equal(observer.see(lease, 1_000 + LEASE_TTL_MS - 1), false);
    assert.equal(observer.see(lease, 1_000 + LEASE_TTL_MS), true);
  });

  it("restarts the count whenever the holder renews (the value changes)", () => {
    const observer = new LeaseObserver();
    observer.see(leaseOf(secretWith(formatLease(OWNER))), 0);
    const renewed = leaseOf(secretWith(formatLease(OWNER)));
    assert.equal(observer.see(renewed, LEASE_TTL_MS - 1), false);
    assert.equal(observer.see(renewed, 2 * LEASE_TTL_MS - 2), false);
    assert.equal(observer.see(renewed, 2 * LEASE_TTL_MS), true);
  });

  it("never expires an absent lease", () => {
    assert.equal(new LeaseObserver().see(undefined, 10 * LEASE_TTL_MS), false);
  });
});
