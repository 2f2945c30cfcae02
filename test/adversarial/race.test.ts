// Concurrent runs on one secret: never a dead secret, never a second client, exactly one regenerate per rotation,
// and every run either exits 0 or fails loudly. K is kept at 3 trials of 20 runs: the machine has 2 cores.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertInvariant } from "../support/invariant.js";
import type { ShimRun } from "../support/adversarial.js";
import { adversarialServices, ensureThrough, query } from "./setup.js";

const { services, path } = adversarialServices();

const TRIALS = 3;
const PARALLEL = 20;
const REGENERATE = "POST /api/v2/oauth/clients/{id}/secret";
const CREATE = "POST /api/v2/oauth/clients";

function assertEachEndedCleanly(runs: ShimRun[]): { ok: number; failed: number } {
  let ok = 0;
  for (const run of runs) {
    assert.ok(!run.killed, `a run hung:\n${run.stderr}`);
    if (run.code === 0) ok++;
    else assert.match(run.stderr, /genesys-oauth-shim: .+/, "a failing run says why");
  }
  return { ok, failed: runs.length - ok };
}

describe(`races: ${TRIALS} trials of ${PARALLEL} parallel runs`, () => {
  it("parallel ensures of one new query: one client, no regenerates, the stored secret authenticates", async () => {
    const outcomes: string[] = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      path().reset();
      const name = `race-create-${trial}`;
      const q = query(name, `race/create-${trial}`);
      const runs = await Promise.all(Array.from({ length: PARALLEL }, () => ensureThrough(path(), q)));
      const { ok, failed } = assertEachEndedCleanly(runs);
      const counts = path().api.counts();
      outcomes.push(`trial ${trial}: ${ok} exit 0, ${failed} failed loudly, ${counts[CREATE] ?? 0} create, ${counts[REGENERATE] ?? 0} regenerate`);
      assert.equal(counts[CREATE], 1, "exactly one create");
      assert.equal(counts[REGENERATE] ?? 0, 0, "no run regenerated the secret of the client another run created");
      if (ok < PARALLEL) {
        const clean = await ensureThrough(path(), q);
        assert.equal(clean.code, 0, clean.stderr);
        runs.push(clean);
      }
      await assertInvariant(services, { clientNames: [name], secretNames: [q.secret_name!], runs });
    }
    console.log(`# race create: ${outcomes.join("; ")}`);
  });

  it("parallel rotations of one client: exactly one regenerate, the stored secret authenticates", async () => {
    const outcomes: string[] = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      const name = `race-rotate-${trial}`;
      const q = query(name, `race/rotate-${trial}`, { rotation_trigger: "before" });
      const first = await ensureThrough(path(), q);
      assert.equal(first.code, 0, first.stderr);
      path().reset();
      const rotated = { ...q, rotation_trigger: "after" };
      const runs = await Promise.all(Array.from({ length: PARALLEL }, () => ensureThrough(path(), rotated)));
      const { ok, failed } = assertEachEndedCleanly(runs);
      const regenerates = path().api.counts()[REGENERATE] ?? 0;
      outcomes.push(`trial ${trial}: ${ok} exit 0, ${failed} failed loudly, ${regenerates} regenerate`);
      assert.equal(regenerates, 1, "exactly one regenerate for one rotation");
      if (ok < PARALLEL) {
        const clean = await ensureThrough(path(), rotated);
        assert.equal(clean.code, 0, clean.stderr);
        runs.push(clean);
      }
      await assertInvariant(services, { clientNames: [name], secretNames: [q.secret_name!], runs: [first, ...runs] });
    }
    console.log(`# race rotate: ${outcomes.join("; ")}`);
  });

  it("the issue's repro: the creating run is slow to store, a second run starts meanwhile; no dead secret", async () => {
    const q = query("race-slow-store", "race/slow-store");
    path().aws.failNext("PutSecretValue", 1, { mode: "stall", stallMs: 4000 });
    const slow = ensureThrough(path(), q);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = ensureThrough(path(), q);
    const runs = await Promise.all([slow, second]);
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    assert.equal(path().api.counts()[REGENERATE] ?? 0, 0, "the second run waited instead of regenerating");
    await assertInvariant(services, { clientNames: ["race-slow-store"], secretNames: ["race/slow-store"], runs });
  });

  it("two rotations, one slow to store: no dead secret, one regenerate", async () => {
    const q = query("race-slow-rotate", "race/slow-rotate", { rotation_trigger: "1" });
    const first = await ensureThrough(path(), q);
    assert.equal(first.code, 0, first.stderr);
    path().reset();
    path().aws.failNext("PutSecretValue", 1, { mode: "stall", stallMs: 4000 });
    const rotated = { ...q, rotation_trigger: "2" };
    const slow = ensureThrough(path(), rotated);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const runs = await Promise.all([slow, ensureThrough(path(), rotated)]);
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    assert.equal(path().api.counts()[REGENERATE], 1);
    await assertInvariant(services, { clientNames: ["race-slow-rotate"], secretNames: ["race/slow-rotate"], runs: [first, ...runs] });
  });
});
