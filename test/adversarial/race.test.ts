// Concurrent runs on one secret: never a dead secret, never a second client, exactly one regenerate per rotation,
// and every run either exits 0 or fails loudly. K is kept at 3 trials of 20 runs: the machine has 2 cores.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertInvariant } from "../support/invariant.js";
import type { ShimRun } from "../support/adversarial.js";
import { adversarialServices, deleteThrough, ensureThrough, query } from "./setup.js";

const { services, path } = adversarialServices();

const TRIALS = 3;
const PARALLEL = 20;
const REGENERATE = "POST /api/v2/oauth/clients/{id}/secret";
const CREATE = "POST /api/v2/oauth/clients";
/** rotation_strategy "alternating" races: runs per side (two sides at once), fewer than PARALLEL for the 2 cores. */
const PER_SIDE = 5;
const alternating = (name: string, secretName: string, extra: Record<string, string> = {}) =>
  query(name, secretName, { rotation_strategy: "alternating", ...extra });

/** How the failed runs failed, counted by the first words of their error (for the log line, never a secret). */
function failures(runs: ShimRun[]): string {
  const counts = new Map<string, number>();
  for (const run of runs.filter((r) => r.code !== 0)) {
    const line = run.stderr.split("\n").findLast((l) => l.startsWith("genesys-oauth-shim: ")) ?? "(no message)";
    const key = line
      .replace("genesys-oauth-shim: ", "")
      .replace(/[0-9a-f-]{36}|"[^"]*"/g, "…")
      .slice(0, 90);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${n}× ${key}`).join(" | ");
}

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

  it("alternating: two rotations with different triggers at once; after a clean run, both clients recorded, AWSPREVIOUS never dead", async () => {
    const outcomes: string[] = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      const name = `race-alt-rotate-${trial}`;
      const secretName = `race/alt-rotate-${trial}`;
      const setupRuns = [
        await ensureThrough(path(), alternating(name, secretName, { rotation_trigger: "r0" })),
        await ensureThrough(path(), alternating(name, secretName, { rotation_trigger: "r1" })),
      ];
      for (const run of setupRuns) assert.equal(run.code, 0, run.stderr);
      path().reset();
      const x = alternating(name, secretName, { rotation_trigger: "x" });
      const y = alternating(name, secretName, { rotation_trigger: "y" });
      const runs = await Promise.all(Array.from({ length: 2 * PER_SIDE }, (_, i) => ensureThrough(path(), i % 2 ? y : x)));
      const { ok, failed } = assertEachEndedCleanly(runs);
      const writes = path().api.counts();
      const clean = await ensureThrough(path(), y);
      assert.equal(clean.code, 0, clean.stderr);
      outcomes.push(`trial ${trial}: ${ok} exit 0, ${failed} failed loudly, ${writes[REGENERATE] ?? 0} regenerate, ${writes[CREATE] ?? 0} create`);
      await assertInvariant(services, {
        clientNames: [name],
        secretNames: [secretName],
        strategies: { [secretName]: "alternating" },
        runs: [...setupRuns, ...runs, clean],
      });
    }
    console.log(`# race alternating rotations x/y: ${outcomes.join("; ")}`);
  });

  it("alternating: a rotation races a switch to in_place; after a clean run (either strategy), the invariant holds", async () => {
    const outcomes: string[] = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      const name = `race-alt-switch-${trial}`;
      const secretName = `race/alt-switch-${trial}`;
      const setupRuns = [
        await ensureThrough(path(), alternating(name, secretName, { rotation_trigger: "r1" })),
        await ensureThrough(path(), alternating(name, secretName, { rotation_trigger: "r2" })),
      ];
      for (const run of setupRuns) assert.equal(run.code, 0, run.stderr);
      path().reset();
      const rotate = alternating(name, secretName, { rotation_trigger: "r3" });
      const inPlace = query(name, secretName, { rotation_trigger: "r2" });
      const runs = await Promise.all(Array.from({ length: 2 * PER_SIDE }, (_, i) => ensureThrough(path(), i % 2 ? inPlace : rotate)));
      const { ok, failed } = assertEachEndedCleanly(runs);
      const writes = path().api.counts();
      // The last configuration applied wins: in_place in odd trials, alternating in even ones.
      const last = trial % 2 ? inPlace : rotate;
      const clean = await ensureThrough(path(), last);
      assert.equal(clean.code, 0, clean.stderr);
      outcomes.push(
        `trial ${trial}: ${ok} exit 0, ${failed} failed loudly, ${writes[REGENERATE] ?? 0} regenerate, ${writes[CREATE] ?? 0} create, then ${last === inPlace ? "in_place" : "alternating"}`,
      );
      await assertInvariant(services, {
        clientNames: [name],
        secretNames: [secretName],
        strategies: { [secretName]: last === inPlace ? "in_place" : "alternating" },
        runs: [...setupRuns, ...runs, clean],
      });
    }
    console.log(`# race alternating rotation vs switch to in_place: ${outcomes.join("; ")}`);
  });

  it("alternating: a rotation races delete by secret name; after a clean run (delete or ensure), no orphan, nothing half-done", async () => {
    const outcomes: string[] = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      const name = `race-alt-delete-${trial}`;
      const secretName = `race/alt-delete-${trial}`;
      const setupRuns = [
        await ensureThrough(path(), alternating(name, secretName, { rotation_trigger: "r1" })),
        await ensureThrough(path(), alternating(name, secretName, { rotation_trigger: "r2" })),
      ];
      for (const run of setupRuns) assert.equal(run.code, 0, run.stderr);
      path().reset();
      const rotate = alternating(name, secretName, { rotation_trigger: "r3" });
      const destroy = { secret_name: secretName, recovery_window_in_days: "0" };
      const runs = await Promise.all(Array.from({ length: 2 * PER_SIDE }, (_, i) => (i % 2 ? deleteThrough(path(), destroy) : ensureThrough(path(), rotate))));
      const { ok, failed } = assertEachEndedCleanly(runs);
      // A destroy whose work another destroy finished (every client, then the secret) is done, not a failure: Terraform
      // would otherwise fail the destroy of a secret that is gone. An ensure may fail loudly (its secret vanished).
      for (const [i, run] of runs.entries()) if (i % 2) assert.equal(run.code, 0, `a delete by secret name racing another failed:\n${run.stderr}`);
      const writes = path().api.counts();
      // Odd trials end with the destroy hook (nothing may remain), even ones with an apply (a full pair again).
      const gone = trial % 2 === 1;
      const clean = gone ? await deleteThrough(path(), destroy) : await ensureThrough(path(), rotate);
      assert.equal(clean.code, 0, clean.stderr);
      outcomes.push(
        `trial ${trial}: ${ok} exit 0, ${failed} failed loudly${failed ? ` (${failures(runs)})` : ""}, ${writes[REGENERATE] ?? 0} regenerate, ${writes[CREATE] ?? 0} create, then ${gone ? "delete" : "ensure"}`,
      );
      await assertInvariant(services, {
        clientNames: [name],
        secretNames: [secretName],
        expectGone: gone ? [secretName] : [],
        strategies: { [secretName]: "alternating" },
        runs: [...setupRuns, ...runs, clean],
      });
      if (gone) {
        const left = ((await services.simClients()) as Array<{ name: string; state?: string }>).filter(
          (c) => (c.name === name || c.name === `${name} (b)`) && c.state !== "deleted",
        );
        assert.deepEqual(left, [], "the destroy hook left no client of the pair");
      }
    }
    console.log(`# race alternating rotation vs delete by secret name: ${outcomes.join("; ")}`);
  });
});
