// A no-change ensure needs a token, the secret's description and the client: token and DescribeSecret go out
// together, then one GET. Counted as round trips in sequence through the proxies (50 ms added to each request,
// so concurrent requests visibly overlap), not as a wall-time assertion.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { waitForReadLag } from "../shim/helpers.js";
import { sequentialRoundTrips } from "../support/adversarial.js";
import { assertInvariant } from "../support/invariant.js";
import { adversarialServices, ensureThrough, query } from "./setup.js";

const { services, path } = adversarialServices();

describe("round trips in sequence", () => {
  it("a no-change ensure makes 3 requests in 2 sequential round trips, and no writes", async () => {
    const q = query("round-trips", "rt/no-change");
    const first = await ensureThrough(path(), q);
    assert.equal(first.code, 0, first.stderr);
    await waitForReadLag(services); // steady state: Genesys reads have caught up with the create
    path().reset();
    for (const proxy of path().all) proxy.setLatency(50);
    const steady = await ensureThrough(path(), q);
    assert.equal(steady.code, 0, steady.stderr);
    const labels = path()
      .sequence.records.map((r) => r.label)
      .sort();
    assert.deepEqual(labels, ["DescribeSecret", "GET /api/v2/oauth/clients/{id}", "POST /oauth/token"]);
    const trips = sequentialRoundTrips(path().sequence.records);
    console.log(`# no-change ensure: ${labels.length} requests, ${trips} round trips in sequence`);
    assert.equal(trips, 2);
    await assertInvariant(services, { clientNames: ["round-trips"], secretNames: ["rt/no-change"], runs: [first, steady] });
  });
});
