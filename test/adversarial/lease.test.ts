// Issue 20's attacks on the write lease, each as a test that ends with the invariant checker: clock skew
// (libfaketime), a late TagResource against a slow PutSecretValue (a CODE client, which cannot log in), 800 ms on
// every Secrets Manager call, a SIGKILLed lease holder followed by 5 parallel runs, delete racing a rotation, a
// secret deleted while a run settles its lease, and a run that fails after tagging.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { DeleteSecretCommand } from "@aws-sdk/client-secrets-manager";
import { after, describe, it } from "node:test";
import { describeSecret, motoSecretsClient, secretTags } from "../support/inspect.js";
import { assertInvariant } from "../support/invariant.js";
import { runShim, startProxiedPath, type ProxiedPath, type ShimRun } from "../support/adversarial.js";
import { adversarialServices, ensureThrough, query } from "./setup.js";

const { services, path } = adversarialServices();

const REGENERATE = "POST /api/v2/oauth/clients/{id}/secret";
const CREATE = "POST /api/v2/oauth/clients";
const FAKETIME = "/usr/bin/faketime";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const extraPaths: ProxiedPath[] = [];
after(async () => {
  await Promise.all(extraPaths.map((p) => p.close()));
});
async function ownPath(): Promise<ProxiedPath> {
  const p = await startProxiedPath(services);
  extraPaths.push(p);
  return p;
}

function codeQuery(name: string, secretName: string, extra: Record<string, string> = {}): Record<string, string> {
  return { name, secret_name: secretName, authorized_grant_type: "CODE", redirect_uris: '["https://app.example.com/cb"]', ...extra };
}

function assertOk(run: ShimRun, what: string): void {
  assert.equal(run.code, 0, `${what}:\n${run.stderr}`);
}

function assertNoBug(run: ShimRun): void {
  assert.doesNotMatch(run.stderr, /This is a bug|TypeError|internal error/, run.stderr);
}

describe("clock skew: a run whose clock is off never takes a live lease", () => {
  it("libfaketime is installed (the .ci/run apt list installs the Debian package faketime)", () => {
    assert.ok(existsSync(FAKETIME), `${FAKETIME} is missing: install the Debian package faketime (.ci/run does)`);
  });

  for (const skew of ["-5m", "+5m"]) {
    it(`CODE client: the holder's PutSecretValue takes 4 s, a second run starts 2.5 s later with its clock ${skew}: one regenerate, the stored secret is the latest`, async () => {
      const name = `skew-${skew === "-5m" ? "behind" : "ahead"}`;
      const q = codeQuery(name, `skew/${name}`, { rotation_trigger: "1" });
      const first = await ensureThrough(path(), q);
      assertOk(first, "setup");
      path().reset();
      const rotated = { ...q, rotation_trigger: "2" };
      path().aws.failNext("PutSecretValue", 1, { mode: "stall", stallMs: 4000 });
      const holder = ensureThrough(path(), rotated);
      await sleep(2500);
      const skewed = runShim("external", JSON.stringify(rotated), path().env(), { wrapper: [FAKETIME, "-f", skew] });
      const runs = await Promise.all([holder, skewed]);
      console.log(
        `# clock ${skew}: exits ${runs.map((r) => r.code).join(", ")}, ${path().api.counts()[REGENERATE] ?? 0} regenerate, ${runs.map((r) => (r.elapsedMs / 1000).toFixed(1)).join(" s, ")} s`,
      );
      for (const run of runs) assertOk(run, `a run (clock ${skew})`);
      assert.equal(path().api.counts()[REGENERATE], 1, "one regenerate for one rotation");
      await assertInvariant(services, { clientNames: [name], secretNames: [q.secret_name!], runs: [first, ...runs], grant: "CODE" });
    });
  }
});

describe("timing: a late tag, slow stores, slow everything", () => {
  it("CODE client, two rotations with one trigger: B's TagResource 2.5 s late, A's PutSecretValue 6 s slow; the stored secret is the latest", async () => {
    const q = codeQuery("late-tag", "timing/late-tag", { rotation_trigger: "1" });
    assertOk(await ensureThrough(path(), q), "setup");
    const [a, b] = [await ownPath(), await ownPath()];
    a.aws.failNext("PutSecretValue", 1, { mode: "stall", stallMs: 6000 });
    b.aws.failNext("TagResource", 1, { mode: "stall", stallMs: 2500 });
    // Both must have read "no lease": A's first tag goes out only once B's first tag reached B's proxy (where it is
    // then held 2.5 s), so A takes the lease and regenerates before B's tag lands on top of A's.
    let bTagged: () => void = () => undefined;
    const bTagArrived = new Promise<void>((resolve) => (bTagged = resolve));
    b.aws.setHooks({ beforeForward: (r) => void (r.label === "TagResource" && bTagged()) });
    let aTagHeld = false;
    a.aws.setHooks({
      async beforeForward(r) {
        if (r.label !== "TagResource" || aTagHeld) return;
        aTagHeld = true;
        await Promise.race([bTagArrived, sleep(20_000)]);
      },
    });
    const rotated = { ...q, rotation_trigger: "2" };
    const runs = await Promise.all([ensureThrough(a, rotated), ensureThrough(b, rotated)]);
    const regenerates = (a.api.counts()[REGENERATE] ?? 0) + (b.api.counts()[REGENERATE] ?? 0);
    console.log(`# late tag vs slow store: exits ${runs.map((r) => r.code).join(", ")}, ${regenerates} regenerate(s)`);
    for (const run of runs) assertOk(run, "a rotation");
    assert.ok(regenerates >= 1 && regenerates <= 2, `${regenerates} regenerates`);
    await assertInvariant(services, { clientNames: ["late-tag"], secretNames: ["timing/late-tag"], runs, grant: "CODE" });
  });

  it("800 ms on every Secrets Manager call: create and rotation both finish within the default deadline", async () => {
    const p = path();
    p.aws.setLatency(800);
    const q = query("slow-aws", "timing/slow-aws", { rotation_trigger: "1" });
    const created = await ensureThrough(p, q);
    const rotated = await ensureThrough(p, { ...q, rotation_trigger: "2" });
    console.log(
      `# 800 ms per Secrets Manager call: create ${(created.elapsedMs / 1000).toFixed(1)} s, rotation ${(rotated.elapsedMs / 1000).toFixed(1)} s (deadline 120 s)`,
    );
    assertOk(created, "create");
    assertOk(rotated, "rotation");
    assert.equal(p.api.counts()[REGENERATE], 1);
    await assertInvariant(services, { clientNames: ["slow-aws"], secretNames: ["timing/slow-aws"], runs: [created, rotated] });
  });

  for (const grant of ["CLIENT-CREDENTIALS", "CODE"]) {
    it(`the wall time and the calls of a ${grant} rotation with no faults (reported)`, async () => {
      const name = `rotation-time-${grant.toLowerCase()}`;
      const q = grant === "CODE" ? codeQuery(name, `timing/${name}`, { rotation_trigger: "1" }) : query(name, `timing/${name}`, { rotation_trigger: "1" });
      assertOk(await ensureThrough(path(), q), "setup");
      path().reset();
      const rotated = await ensureThrough(path(), { ...q, rotation_trigger: "2" });
      assertOk(rotated, "rotation");
      const calls = path()
        .sequence.records.map((r) => r.label)
        .sort();
      const counted = [...new Set(calls)].map((label) => `${label} ${calls.filter((c) => c === label).length}`).join(", ");
      console.log(`# ${grant} rotation: ${(rotated.elapsedMs / 1000).toFixed(1)} s, ${calls.length} requests: ${counted}`);
      await assertInvariant(services, { clientNames: [name], secretNames: [q.secret_name!], runs: [rotated], grant });
    });
  }
});

describe("a killed lease holder", () => {
  it("SIGKILL right after the regenerate, then 5 parallel runs: each ends in < 45 s, one repair, the stored secret is the latest", async () => {
    const q = query("killed-holder", "kill/holder", { rotation_trigger: "1" });
    assertOk(await ensureThrough(path(), q), "setup");
    const rotated = { ...q, rotation_trigger: "2" };
    const holderPath = await ownPath();
    let child: ChildProcess | undefined;
    holderPath.api.setHooks({
      afterForward(record) {
        if (record.label !== REGENERATE) return;
        child?.kill("SIGKILL");
        return "drop";
      },
    });
    const killed = await runShim("external", JSON.stringify(rotated), holderPath.env(), { onStart: (c) => (child = c) });
    assert.equal(killed.signal, "SIGKILL", killed.stderr);
    path().reset();
    const followers = await Promise.all(Array.from({ length: 5 }, () => ensureThrough(path(), rotated, {}, 150_000)));
    const waits = followers.map((r) => r.elapsedMs);
    console.log(
      `# killed holder: followers ended after ${waits.map((ms) => (ms / 1000).toFixed(1)).join(", ")} s; exits ${followers.map((r) => r.code).join(", ")}; ${path().api.counts()[REGENERATE] ?? 0} repair regenerate(s)`,
    );
    for (const run of followers) assertOk(run, "a follower");
    assert.ok(Math.max(...waits) < 45_000, `a follower was blocked ${Math.max(...waits)} ms`);
    assert.equal(path().api.counts()[REGENERATE], 1, "exactly one follower repaired the secret the killed run regenerated");
    await assertInvariant(services, { clientNames: ["killed-holder"], secretNames: ["kill/holder"], runs: [killed, ...followers] });
  });
});

describe("delete under the same protocol", () => {
  it("delete's DeleteSecret is held while a rotation recreates the client: nothing that belongs to another client is deleted, one live client", async () => {
    const q = query("delete-race", "delete/race", { rotation_trigger: "1" });
    const created = await ensureThrough(path(), q);
    assertOk(created, "setup");
    const ids = JSON.parse(created.stdout) as Record<string, string>;
    const deleter = await ownPath();
    const rotator = await ownPath();
    deleter.aws.failNext("DeleteSecret", 1, { mode: "stall", stallMs: 8000 });
    let rotation: Promise<ShimRun> | undefined;
    deleter.aws.setHooks({
      beforeForward(record) {
        if (record.label === "DeleteSecret") rotation ??= ensureThrough(rotator, { ...q, rotation_trigger: "2" });
      },
    });
    const deleted = await runShim(
      "delete",
      JSON.stringify({ client_id: ids.client_id!, secret_arn: ids.secret_arn!, recovery_window_in_days: "0" }),
      deleter.env(),
    );
    assert.ok(rotation, "the rotation started while DeleteSecret was held");
    const rotated = await rotation;
    console.log(
      `# delete vs rotation: delete exit ${deleted.code}, rotation exit ${rotated.code} (${rotated.stderr.trim().split("\n").pop() ?? ""}); creates during the race: ${rotator.api.counts()[CREATE] ?? 0}`,
    );
    assertOk(deleted, "delete");
    assertNoBug(rotated);
    const clean = await ensureThrough(path(), { ...q, rotation_trigger: "2" });
    assertOk(clean, "a clean run after the race");
    await assertInvariant(services, { clientNames: ["delete-race"], secretNames: ["delete/race"], runs: [created, deleted, rotated, clean] });
  });
});

describe("failure paths give the lease back", () => {
  it("a secret deleted while a run settles its lease: a clear error, no crash, nothing created", async () => {
    const q = query("vanish", "lease/vanish", { rotation_trigger: "1" });
    assertOk(await ensureThrough(path(), q), "setup");
    path().reset();
    path().aws.setHooks({
      async afterForward(record) {
        if (record.label !== "TagResource") return;
        path().aws.setHooks(undefined);
        const moto = motoSecretsClient(services);
        await moto.send(new DeleteSecretCommand({ SecretId: "lease/vanish", ForceDeleteWithoutRecovery: true }));
        moto.destroy();
      },
    });
    const run = await ensureThrough(path(), { ...q, rotation_trigger: "2" });
    console.log(`# secret deleted during the settle: exit ${run.code}: ${run.stderr.trim().split("\n").pop()}`);
    assert.equal(run.code, 1, run.stderr);
    assertNoBug(run);
    assert.match(run.stderr, /was deleted while this run/);
    assert.equal(path().api.counts()[CREATE] ?? 0, 0, "no client created");
    assert.equal(path().api.counts()[REGENERATE] ?? 0, 0, "no regenerate");
  });

  it("a regenerate that never answers: the lease is left to lapse, not released; the next run takes it over and converges", async () => {
    const q = query("lapse", "lease/lapse", { rotation_trigger: "1" });
    assertOk(await ensureThrough(path(), q), "setup");
    path().reset();
    path().api.failNext(REGENERATE, 1, { mode: "hang" });
    const hung = await ensureThrough(path(), { ...q, rotation_trigger: "2" }, { GENESYS_OAUTH_SHIM_TIMEOUT_SECONDS: "5" }, 30_000);
    assert.equal(hung.code, 1, hung.stderr);
    const lease = secretTags(await describeSecret(services, "lease/lapse"))["genesys-oauth-shim:lease"] ?? "";
    assert.match(lease, /^[0-9a-f]{16}:[0-9a-f]{8}$/, `the hung run's lease stays (a regenerate may still land), not released: "${lease}"`);
    path().reset();
    const next = await ensureThrough(path(), { ...q, rotation_trigger: "2" });
    console.log(`# regenerate unanswered: the next run took over and finished after ${(next.elapsedMs / 1000).toFixed(1)} s`);
    assertOk(next, "the next run");
    assert.ok(next.elapsedMs < 45_000, `waited ${next.elapsedMs} ms`);
    await assertInvariant(services, { clientNames: ["lapse"], secretNames: ["lease/lapse"], runs: [hung, next] });
  });

  it("a run that fails after tagging the lease takes its tag back; the next no-op run of a CODE client regenerates nothing", async () => {
    const q = codeQuery("give-back-lease", "lease/give-back", { rotation_trigger: "1" });
    assertOk(await ensureThrough(path(), q), "setup");
    path().reset();
    // The read-back after the settle fails (all 3 of the SDK's attempts): the run tagged but never held the lease.
    path().aws.setHooks({
      afterForward(record) {
        if (record.label !== "TagResource") return;
        path().aws.setHooks(undefined);
        path().aws.failNext("DescribeSecret", 3, { status: 500 });
      },
    });
    const failed = await ensureThrough(path(), { ...q, rotation_trigger: "2" });
    assert.equal(failed.code, 1, failed.stderr);
    assert.equal(path().aws.counts().TagResource, 1, `it tagged the lease:\n${failed.stderr}`);
    path().reset();
    const tags = secretTags(await describeSecret(services, "lease/give-back"));
    assert.equal(tags["genesys-oauth-shim:lease"], undefined, "no lease tag left behind");
    const noOp = await ensureThrough(path(), q);
    assertOk(noOp, "the next run");
    assert.equal(path().api.counts()[REGENERATE] ?? 0, 0, "nobody asked to rotate");
    assert.ok(noOp.elapsedMs < 15_000, `the next run waited ${noOp.elapsedMs} ms`);
    await assertInvariant(services, { clientNames: ["give-back-lease"], secretNames: ["lease/give-back"], runs: [failed, noOp], grant: "CODE" });
  });
});
