// The repros of issue #9 as tests: hangs, a failed rollback, delete ownership, waits on one's own claim, and the
// minor protocol and error-text defects. Every test ends with the invariant checker.
import assert from "node:assert/strict";
import { CreateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { describe, it } from "node:test";
import { describeSecret, motoSecretsClient } from "../support/inspect.js";
import { assertInvariant } from "../support/invariant.js";
import type { ShimRun } from "../support/adversarial.js";
import { adversarialServices, deleteThrough, ensureThrough, query } from "./setup.js";
import { waitForReadLag } from "../shim/helpers.js";

const { services, path } = adversarialServices();

const DEADLINE_S = 5;
/** The promise: a run ends within the deadline + 5 s. The limit only keeps a broken build from hanging the suite. */
const EXIT_BOUND_MS = (DEADLINE_S + 5) * 1000;
const DEADLINE_ENV = { GENESYS_OAUTH_SHIM_TIMEOUT_SECONDS: String(DEADLINE_S) };

function assertEndedInTime(run: ShimRun, call: RegExp): void {
  assert.notEqual(run.code, 0, `the run should fail:\n${run.stderr}`);
  assert.ok(!run.killed, `the run did not end by itself:\n${run.stderr}`);
  assert.ok(run.elapsedMs <= EXIT_BOUND_MS, `ended after ${run.elapsedMs} ms, beyond deadline + 5 s`);
  assert.match(run.stderr, /the overall deadline of 5 s ran out during/);
  assert.match(run.stderr, call);
  assert.match(run.stderr, /Raise GENESYS_OAUTH_SHIM_TIMEOUT_SECONDS/);
  assert.doesNotMatch(run.stderr, /TimeoutError|This is a bug/);
}

describe("hangs: every call runs under the one deadline", () => {
  it("external: a Secrets Manager that never answers PutSecretValue ends the run in time and rolls back", async () => {
    const q = query("hang-put", "hang/put");
    path().aws.failNext("PutSecretValue", 1, { mode: "hang" });
    const hung = await ensureThrough(path(), q, DEADLINE_ENV, EXIT_BOUND_MS + 20_000);
    assertEndedInTime(hung, /Secrets Manager PutSecretValue/);
    assert.match(hung.stderr, /Rolled back: deleted the new OAuth client/);
    console.log(`# hang on PutSecretValue: exit ${hung.code} after ${(hung.elapsedMs / 1000).toFixed(1)} s (deadline ${DEADLINE_S} s)`);
    const clean = await ensureThrough(path(), q);
    assert.equal(clean.code, 0, clean.stderr);
    await assertInvariant(services, { clientNames: ["hang-put"], secretNames: ["hang/put"], runs: [hung, clean] });
  });

  it("external: a Secrets Manager that never answers DescribeSecret ends the run in time, nothing written", async () => {
    path().aws.failNext("DescribeSecret", 1, { mode: "hang" });
    const hung = await ensureThrough(path(), query("hang-describe", "hang/describe"), DEADLINE_ENV, EXIT_BOUND_MS + 20_000);
    assertEndedInTime(hung, /Secrets Manager DescribeSecret/);
    assert.equal(path().aws.writeCount(), 0);
    console.log(`# hang on DescribeSecret: exit ${hung.code} after ${(hung.elapsedMs / 1000).toFixed(1)} s`);
    await assertInvariant(services, { clientNames: ["hang-describe"], secretNames: [], runs: [hung] });
  });

  it("external: a Genesys that never answers the regenerate of a rotation ends in time; the next run converges", async () => {
    const q = query("hang-regen", "hang/regen", { rotation_trigger: "1" });
    const first = await ensureThrough(path(), q);
    assert.equal(first.code, 0, first.stderr);
    await waitForReadLag(services); // the hang under test is the regenerate's, not a read of a client too new to GET
    path().api.failNext("POST /api/v2/oauth/clients/{id}/secret", 1, { mode: "hang" });
    const hung = await ensureThrough(path(), { ...q, rotation_trigger: "2" }, DEADLINE_ENV, EXIT_BOUND_MS + 20_000);
    assertEndedInTime(hung, /regenerate OAuth client secret/);
    console.log(`# hang on Genesys regenerate: exit ${hung.code} after ${(hung.elapsedMs / 1000).toFixed(1)} s`);
    const clean = await ensureThrough(path(), { ...q, rotation_trigger: "2" });
    assert.equal(clean.code, 0, clean.stderr);
    await assertInvariant(services, { clientNames: ["hang-regen"], secretNames: ["hang/regen"], runs: [first, hung, clean] });
  });

  it("delete: a Secrets Manager or a Genesys that never answers ends the run in time; repeating finishes", async () => {
    const q = query("hang-delete", "hang/delete");
    const created = await ensureThrough(path(), q);
    assert.equal(created.code, 0, created.stderr);
    const ids = JSON.parse(created.stdout) as Record<string, string>;
    const input = { client_id: ids.client_id!, secret_arn: ids.secret_arn!, recovery_window_in_days: "0" };
    path().api.failNext("DELETE /api/v2/oauth/clients/{id}", 1, { mode: "hang" });
    const hungGenesys = await deleteThrough(path(), input, DEADLINE_ENV, EXIT_BOUND_MS + 20_000);
    assertEndedInTime(hungGenesys, /delete OAuth client/);
    path().aws.failNext("DescribeSecret", 1, { mode: "hang" });
    const hungAws = await deleteThrough(path(), input, DEADLINE_ENV, EXIT_BOUND_MS + 20_000);
    assertEndedInTime(hungAws, /Secrets Manager DescribeSecret/);
    console.log(`# delete hangs: Genesys DELETE ${(hungGenesys.elapsedMs / 1000).toFixed(1)} s, DescribeSecret ${(hungAws.elapsedMs / 1000).toFixed(1)} s`);
    const clean = await deleteThrough(path(), input);
    assert.equal(clean.code, 0, clean.stderr);
    await assertInvariant(services, {
      clientNames: ["hang-delete"],
      secretNames: ["hang/delete"],
      expectGone: ["hang/delete"],
      runs: [created, hungGenesys, hungAws, clean],
    });
  });
});

describe("a failed rollback never orphans the client", () => {
  it("storing fails, then the rollback's DELETE fails: the claim stays, the message says so, the next run adopts the client", async () => {
    const q = query("rollback-500", "rollback/500");
    path().aws.failNext("PutSecretValue", 5, { status: 500 });
    path().api.failNext("DELETE /api/v2/oauth/clients/{id}", 1, { status: 500 });
    const failed = await ensureThrough(path(), q, { AWS_MAX_ATTEMPTS: "1" });
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /keeps its claim and the client keeps its marker, so the next run adopts that client/);
    assert.doesNotMatch(failed.stderr, /released the secret name/);
    assert.equal("error" in (await describeSecret(services, "rollback/500")), false, "the claim survives");
    const clean = await ensureThrough(path(), q);
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(path().api.counts()["POST /api/v2/oauth/clients"], 1, "no second client");
    await assertInvariant(services, { clientNames: ["rollback-500"], secretNames: ["rollback/500"], runs: [failed, clean] });
  });

  it("SIGKILL right after the rollback's PUT inactive: the next run adopts the inactive client and reactivates it", async () => {
    const q = query("rollback-kill", "rollback/kill");
    path().aws.failNext("PutSecretValue", 5, { status: 500 });
    let child: import("node:child_process").ChildProcess | undefined;
    path().api.setHooks({
      afterForward(record) {
        if (record.label !== "PUT /api/v2/oauth/clients/{id}") return;
        child?.kill("SIGKILL");
        return "drop";
      },
    });
    const { runShim } = await import("../support/adversarial.js");
    const killed = await runShim("external", JSON.stringify(q), path().env({ AWS_MAX_ATTEMPTS: "1", GENESYS_OAUTH_SHIM_TIMEOUT_SECONDS: "3" }), {
      onStart: (c) => (child = c),
    });
    assert.equal(killed.signal, "SIGKILL", killed.stderr);
    path().reset();
    const clean = await ensureThrough(path(), q);
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(path().api.counts()["POST /api/v2/oauth/clients"], undefined, "adopted, not created again");
    await assertInvariant(services, { clientNames: ["rollback-kill"], secretNames: ["rollback/kill"], runs: [killed, clean] });
  });
});

describe("delete never removes a secret it does not own", () => {
  it("untagged, foreign-tagged, bare-claim and re-used secrets all survive", async () => {
    const mine = await ensureThrough(path(), query("owner-check", "owner/mine"));
    assert.equal(mine.code, 0, mine.stderr);
    const ids = JSON.parse(mine.stdout) as Record<string, string>;
    const other = await ensureThrough(path(), query("owner-other", "owner/other"));
    assert.equal(other.code, 0, other.stderr);
    const otherId = (JSON.parse(other.stdout) as Record<string, string>).client_id!;
    const moto = motoSecretsClient(services);
    const make = (Name: string, tags: Record<string, string>) =>
      moto.send(new CreateSecretCommand({ Name, SecretString: "{}", Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
    await make("owner/untagged", {});
    await make("owner/foreign", {
      "genesys-oauth-shim:managed": "true",
      "genesys-oauth-shim:claim": "00112233aabbccdd",
      "genesys-oauth-shim:client-id": otherId,
    });
    await make("owner/bare-claim", { "genesys-oauth-shim:managed": "true", "genesys-oauth-shim:claim": "8899aabbccddeeff" });
    moto.destroy();
    const runs = [mine, other];
    // The first delete removes the client and keeps the foreign secret; the rest find the client gone.
    for (const secret of ["owner/untagged", "owner/foreign", "owner/bare-claim", "owner/other"]) {
      const run = await deleteThrough(path(), { client_id: ids.client_id!, secret_arn: secret, recovery_window_in_days: "0" });
      runs.push(run);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, new RegExp(`kept secret ${secret}:`));
      const described = await describeSecret(services, secret);
      assert.ok(!("error" in described) && !described.DeletedDate, `${secret} survives`);
    }
    await assertInvariant(services, { clientNames: ["owner-other"], secretNames: ["owner/other"], runs });
  });
});

describe("no waits on one's own claim; failures give their claim back", () => {
  it("wrong Genesys credentials fail before anything is written (the token comes before the claim)", async () => {
    const run = await ensureThrough(path(), query("bad-creds", "claim/bad-creds"), { GENESYSCLOUD_OAUTHCLIENT_SECRET: "wrong-secret-value" });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /get an access token was refused/);
    assert.equal(path().aws.writeCount(), 0);
    assert.deepEqual(await describeSecret(services, "claim/bad-creds"), { error: "ResourceNotFoundException" }, "no claimed secret left behind");
    await assertInvariant(services, { clientNames: ["bad-creds"], secretNames: [], runs: [run] });
  });

  it("a lost CreateSecret answer: the run recognises its own claim and goes on without waiting", async () => {
    path().aws.failNext("CreateSecret", 1, { mode: "commit-then-reset" });
    const run = await ensureThrough(path(), query("lost-claim", "claim/lost"));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(path().api.counts()["GET /api/v2/oauth/clients"] ?? 0, 1, "one look for a marked client, no polling");
    assert.ok((path().aws.counts().DescribeSecret ?? 0) <= 2, "no polling of its own claim");
    assert.ok(run.elapsedMs < 30_000, `took ${run.elapsedMs} ms`);
    await assertInvariant(services, { clientNames: ["lost-claim"], secretNames: ["claim/lost"], runs: [run] });
  });

  it("a run that fails before creating a client gives its claim back; the next run does not wait", async () => {
    path().api.failNext("POST /api/v2/oauth/clients", 1, { status: 400, type: "bad.request", message: "refused" });
    const failed = await ensureThrough(path(), query("give-back", "claim/give-back"));
    assert.equal(failed.code, 1);
    assert.deepEqual(await describeSecret(services, "claim/give-back"), { error: "ResourceNotFoundException" }, "the claim was released");
    const clean = await ensureThrough(path(), query("give-back", "claim/give-back"));
    assert.equal(clean.code, 0, clean.stderr);
    assert.ok(clean.elapsedMs < 30_000);
    await assertInvariant(services, { clientNames: ["give-back"], secretNames: ["claim/give-back"], runs: [failed, clean] });
  });
});

describe("status codes through the proxy", () => {
  it("429 with and without Retry-After, and 503 from Secrets Manager: retried, one client, converged", async () => {
    path().api.failNext("POST /api/v2/oauth/clients", 1, { status: 429, retryAfter: "1" });
    path().login.failNext("POST /oauth/token", 1, { status: 429 });
    path().aws.failNext("PutSecretValue", 1, { status: 503, type: "ServiceUnavailable" });
    const q = query("status-codes", "fault/status-codes");
    const run = await ensureThrough(path(), q);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(path().api.counts()["POST /api/v2/oauth/clients"], 2, "the 429 create was retried once");
    assert.equal(path().aws.counts().PutSecretValue, 2, "the SDK retried the 503");
    assert.equal(path().login.faultCounts()["POST /oauth/token"], 1, "the 429 without Retry-After was waited out");
    await assertInvariant(services, { clientNames: ["status-codes"], secretNames: ["fault/status-codes"], runs: [run] });
  });
});

describe("protocol and error text", () => {
  it("rejects duplicate keys on stdin, naming the key, before any request", async () => {
    const { runShim } = await import("../support/adversarial.js");
    const run = await runShim("external", '{"name":"a","secret_name":"dup/x","name":"b"}', path().env());
    assert.equal(run.code, 1);
    assert.match(run.stderr, /invalid input "name": the key appears more than once/);
    assert.equal(path().sequence.records.length, 0);
    await assertInvariant(services, { clientNames: ["a", "b"], secretNames: [], runs: [run] });
  });

  it("a 200 create with a truncated body is a server fault: the run adopts the client instead of calling it a bug", async () => {
    path().api.failNext("POST /api/v2/oauth/clients", 1, { mode: "commit-then-truncate" });
    const run = await ensureThrough(path(), query("truncated", "fault/truncated"));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(path().api.counts()["POST /api/v2/oauth/clients"], 1);
    path().api.failNext("GET /api/v2/oauth/clients/{id}", 1, { mode: "commit-then-truncate" });
    const second = await ensureThrough(path(), query("truncated", "fault/truncated"));
    assert.equal(second.code, 1);
    assert.match(second.stderr, /malformed or truncated JSON body \(a fault on the server side or the network path, not in genesys-oauth-shim\)/);
    assert.doesNotMatch(second.stderr, /This is a bug/);
    await assertInvariant(services, { clientNames: ["truncated"], secretNames: ["fault/truncated"], runs: [run, second] });
  });

  it("an error body that echoes a just-issued secret is redacted", async () => {
    const q = query("echo", "fault/echo", { rotation_trigger: "1" });
    const first = await ensureThrough(path(), q);
    assert.equal(first.code, 0, first.stderr);
    path().api.failNext("POST /api/v2/oauth/clients/{id}/secret", 1, { mode: "commit-then-error", status: 500, echoUpstreamSecret: true });
    const echoed = await ensureThrough(path(), { ...q, rotation_trigger: "2" });
    assert.equal(echoed.code, 1);
    assert.match(echoed.stderr, /issuing the secret \[REDACTED\]/);
    const clean = await ensureThrough(path(), { ...q, rotation_trigger: "2" });
    assert.equal(clean.code, 0, clean.stderr);
    await assertInvariant(services, { clientNames: ["echo"], secretNames: ["fault/echo"], runs: [first, echoed, clean] });
  });
});
