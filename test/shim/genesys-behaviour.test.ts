// The shim against the simulator behaving as Genesys does (docs/GENESYS-BEHAVIOUR.md): soft delete of clients older
// than 30 days, reads that lag behind creates, the roles rules, and token refusals that are not a wrong secret.
// Each test is one of issue 15's repros, run through the bundle as Terraform runs it, against the simulator and moto.
import assert from "node:assert/strict";
import { GetSecretValueCommand, TagResourceCommand } from "@aws-sdk/client-secrets-manager";
import type { ChildProcess } from "node:child_process";
import { afterEach, describe, it } from "node:test";
import { DEFAULT_READ_LAG, HOME_DIVISION_ID } from "../../src/simulator/index.js";
import { LIST_VISIBILITY_WAIT_MS } from "../../src/reconcile/visibility.js";
import { runRaw } from "../support/protocol-driver.js";
import { assertInvariant } from "../support/invariant.js";
import { runShim, startProxiedPath } from "../support/adversarial.js";
import {
  adminRoles,
  assertNoCanary,
  baseQuery,
  BUNDLE,
  CANARY,
  deleteClientAsAdmin,
  describeSecret,
  ensure,
  ensureOk,
  getClient,
  motoSecretsClient,
  readStoredDocument,
  resetCounters,
  runDelete,
  servicesForThisFile,
  tokenStatus,
} from "./helpers.js";

const services = servicesForThisFile({ secretPrefix: CANARY });
const CREATE = "POST /api/v2/oauth/clients";
const REGENERATE = "POST /api/v2/oauth/clients/{id}/secret";

async function simAdmin(method: "POST" | "PUT", path: string, body: unknown): Promise<void> {
  const response = await fetch(`${services.sim.apiUrl}${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  assert.equal(response.status, 200, `${method} ${path}: ${await response.text()}`);
}

/** Makes a client older than Genesys' 30-day line, so a DELETE soft-deletes it. */
const ageClient = (id: string) => simAdmin("POST", `/__sim/clients/${id}/age`, { days: 31 });
const setLag = (lag: { listMs?: number; getMs?: number }) => simAdmin("POST", "/__sim/lag", lag);

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = Date.now();
  const value = await run();
  return { value, seconds: (Date.now() - started) / 1000 };
}

describe("Genesys behaviour: soft delete, lagging reads, roles, token refusals", () => {
  afterEach(() => setLag({ ...DEFAULT_READ_LAG }));

  it("(a) delete of a client older than 30 days completes at once and deletes our secret", async () => {
    const created = await ensureOk(services, baseQuery({ secret_name: "behaviour/old-delete" }));
    await ageClient(created.client_id!);
    const { value: run, seconds } = await timed(() =>
      runDelete(services, { client_id: created.client_id!, secret_arn: created.secret_arn!, force_delete_without_recovery: "true" }),
    );
    assert.equal(run.code, 0, run.stderr);
    assertNoCanary(run);
    assert.match(run.stderr, new RegExp(`deleted OAuth client ${created.client_id} .*in state "deleted", until \\d{4}-`));
    assert.match(run.stderr, /deleted secret behaviour\/old-delete without recovery/);
    assert.deepEqual(await describeSecret(services, created.secret_arn!), { error: "ResourceNotFoundException" });
    const soft = await getClient(services, created.client_id!);
    assert.equal(soft?.state, "deleted", "Genesys keeps it, deactivated, for seven days");
    assert.ok(Date.parse(soft!.dateToDelete as string) > Date.now() + 6 * 86_400_000);
    assert.ok(seconds < 15, `delete took ${seconds} s (it used to wait 30 s for a 404 that never comes, then fail)`);
    console.log(`# delete of a soft-deleted client: ${seconds.toFixed(1)} s`);

    const again = await runDelete(services, { client_id: created.client_id!, secret_arn: created.secret_arn! });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /is already deleted \(Genesys keeps it/);
  });

  it("(b) a soft-deleted client is replaced by the next ensure, with one line saying so", async () => {
    const first = await ensureOk(services, baseQuery({ secret_name: "behaviour/soft-drift" }));
    await ageClient(first.client_id!);
    await deleteClientAsAdmin(services, first.client_id!);
    assert.equal((await getClient(services, first.client_id!))?.state, "deleted");
    await resetCounters(services);

    const run = await ensure(services, baseQuery({ secret_name: "behaviour/soft-drift" }));
    assert.equal(run.code, 0, run.stderr);
    assertNoCanary(run);
    const second = run.result!;
    assert.notEqual(second.client_id, first.client_id, "a new client replaces the deleted one");
    const lines = run.stderr.split("\n").filter((line) => line.trim() !== "");
    assert.equal(lines.length, 1, `exactly one line on stderr:\n${run.stderr}`);
    assert.match(
      lines[0]!,
      new RegExp(
        `OAuth client ${first.client_id} recorded for the secret "behaviour/soft-drift" was deleted in Genesys Cloud \\(state "deleted", removed for good on .*\\); new OAuth client ${second.client_id} \\("billing-integration"\\) replaces it`,
      ),
    );
    assert.deepEqual(await services.simWrites(), { [CREATE]: 1 }, "one create; the deleted client is not written to");
    const stored = await readStoredDocument(services, second.secret_arn!);
    assert.equal(stored.client_id, second.client_id);
    assert.equal(await tokenStatus(services, stored.client_id, stored.client_secret), 200);

    const steady = await ensureOk(services, baseQuery({ secret_name: "behaviour/soft-drift" }));
    assert.equal(steady.client_id, second.client_id, "the deleted client, still listed with our marker, is never adopted");
    await assertInvariant(services, { clientNames: ["billing-integration"], secretNames: ["behaviour/soft-drift"], runs: [run] });
  });

  it("(c) a create whose answer is lost while the list lags 4 s leaves exactly one live client", async () => {
    await setLag({ listMs: 4000, getMs: 2000 });
    await services.simFault({ route: CREATE, fault: "commit-then-reset" });
    const { value: run, seconds } = await timed(() => ensure(services, baseQuery({ name: "lagging-create", secret_name: "behaviour/lag" })));
    assert.equal(run.code, 0, run.stderr);
    assertNoCanary(run);
    assert.equal((await services.simCounters())[CREATE], 1, "no second create: the first one was found once the list showed it");
    const live = (await services.simClients()).filter((c) => (c as { name?: string }).name === "lagging-create");
    assert.equal(live.length, 1, "exactly one live client");
    assert.equal((live[0] as { id: string }).id, run.result!.client_id);
    console.log(`# lost create under a 4 s list lag: ${seconds.toFixed(1)} s`);
    await assertInvariant(services, { clientNames: ["lagging-create"], secretNames: ["behaviour/lag"], runs: [run] });
  });

  it("(c') a create that never reached Genesys, under the same lag: one more create after the bounded wait", async () => {
    await setLag({ listMs: 4000, getMs: 2000 });
    await services.simFault({ route: CREATE, fault: "reset" });
    const { value: run, seconds } = await timed(() => ensure(services, baseQuery({ name: "lost-create", secret_name: "behaviour/lost" })));
    assert.equal(run.code, 0, run.stderr);
    assert.equal((await services.simCounters())[CREATE], 2, "the first create was not applied, so one more");
    assert.equal((await services.simClients()).filter((c) => (c as { name?: string }).name === "lost-create").length, 1);
    assert.ok(seconds >= LIST_VISIBILITY_WAIT_MS / 1000, `the shim looked for the client for its whole bounded wait (${seconds} s)`);
    console.log(`# create never applied, 4 s list lag: ${seconds.toFixed(1)} s (the bounded wait is the cost)`);
    await assertInvariant(services, { clientNames: ["lost-create"], secretNames: ["behaviour/lost"], runs: [run] });
  });

  it("(d) doctor --write-check passes against a simulator that requires roles", async () => {
    const run = await runRaw(["node", BUNDLE, "doctor", "--format", "json", "--secret-prefix", "genesys/", "--write-check"], "", {
      env: services.shimEnv(),
      timeoutMs: 60_000,
    });
    const report = JSON.parse(run.stdout) as { ok: boolean; checks: { name: string; status: string; detail: string }[] };
    const write = report.checks.find((c) => /Genesys write check/.test(c.name))!;
    assert.equal(write.status, "pass", write.detail);
    assert.match(write.detail, /with the role [0-9a-f-]{36} in division [0-9a-f-]{36}, one of the calling client's own/);
    assert.equal(run.code, 0, JSON.stringify(report.checks));
  });

  it("(e) a token refusal by IP address regenerates nothing and says what Genesys said", async () => {
    const first = await ensureOk(services, baseQuery({ secret_name: "behaviour/ip" }));
    const before = await readStoredDocument(services, first.secret_arn!);
    await simAdmin("PUT", `/__sim/clients/${first.client_id}/allowed-ips`, { allowed: ["192.0.2.0/24"] });
    // A run that stopped while writing (its lease released) makes the next run test the stored secret.
    const sm = motoSecretsClient(services);
    await sm.send(new TagResourceCommand({ SecretId: first.secret_arn!, Tags: [{ Key: "genesys-oauth-shim:lease", Value: "0123456789abcdef:0" }] }));
    sm.destroy();
    await resetCounters(services);

    const run = await ensure(services, baseQuery({ secret_name: "behaviour/ip" }));
    assert.equal(run.code, 1);
    assertNoCanary(run);
    assert.match(run.stderr, /refused a token for the OAuth client .* for a reason other than a wrong secret \(HTTP 401, ip\.not\.authorized\)/);
    assert.match(run.stderr, /Nothing was regenerated/);
    assert.doesNotMatch(run.stderr, /CONFLICT|another writer/);
    assert.equal((await services.simWrites())[REGENERATE], undefined, "no secret was regenerated");
    const after = await readStoredDocument(services, first.secret_arn!);
    assert.equal(after.client_secret, before.client_secret, "the stored secret is unchanged");

    await simAdmin("PUT", `/__sim/clients/${first.client_id}/allowed-ips`, { allowed: [] });
    const fixed = await ensureOk(services, baseQuery({ secret_name: "behaviour/ip" }));
    assert.equal(fixed.secret_version_id, first.secret_version_id, "once allowed, the same secret works: nothing to repair");
  });

  it('requires roles for a CLIENT-CREDENTIALS client before anything is written; division "*" is valid', async () => {
    const refused = await ensure(services, baseQuery({ secret_name: "behaviour/no-roles", role_divisions: "[]" }));
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /invalid input "role_divisions": is required for the CLIENT-CREDENTIALS grant .*missing\.client\.roles.*must itself hold every role it assigns/,
    );
    assert.equal(await services.simWriteCount(), 0);
    assert.deepEqual(await describeSecret(services, "behaviour/no-roles"), { error: "ResourceNotFoundException" });

    const allDivisions = JSON.stringify(JSON.parse(adminRoles()).map((r: { role_id: string }) => ({ role_id: r.role_id, division_id: "*" })));
    const ok = await ensureOk(services, baseQuery({ secret_name: "behaviour/all-divisions", role_divisions: allDivisions }));
    assert.deepEqual((await getClient(services, ok.client_id!))?.roleDivisions, [{ roleId: JSON.parse(adminRoles())[0].role_id, divisionId: "*" }]);
    assert.notEqual(HOME_DIVISION_ID, "*");
  });
});

// rotation_strategy "alternating" (issue 17) against the same behaviour: two clients per secret, so twice the chances
// to meet a lagging list, a soft delete or a refusal.
describe('Genesys behaviour under rotation_strategy "alternating"', () => {
  afterEach(() => setLag({ ...DEFAULT_READ_LAG }));

  const alternating = (secret: string, overrides: Record<string, string> = {}) =>
    baseQuery({ name: `alt-${secret}`, secret_name: `behaviour/alt-${secret}`, rotation_strategy: "alternating", ...overrides });
  const scope = (secret: string, runs: ReadonlyArray<{ stdout: string; stderr: string }>) => ({
    clientNames: [`alt-${secret}`],
    secretNames: [`behaviour/alt-${secret}`],
    strategies: { [`behaviour/alt-${secret}`]: "alternating" as const },
    runs,
  });
  const liveNamed = async (name: string) =>
    ((await services.simClients()) as Array<{ id: string; name: string; state?: string }>).filter(
      (c) => (c.name === name || c.name === `${name} (b)`) && c.state !== "deleted",
    );

  async function awsPrevious(arn: string): Promise<{ client_id: string; client_secret: string } | undefined> {
    const sm = motoSecretsClient(services);
    try {
      const out = await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: "AWSPREVIOUS" }));
      return JSON.parse(out.SecretString!) as { client_id: string; client_secret: string };
    } catch (error) {
      if ((error as Error).name === "ResourceNotFoundException") return undefined;
      throw error;
    } finally {
      sm.destroy();
    }
  }

  for (const when of ["the first run", "the repair of a deleted standby"] as const) {
    it(`(f) ${when}: killed right after a standby's create, which the list does not show yet; the next run makes no second standby`, async () => {
      const secret = when === "the first run" ? "killed-create" : "killed-repair";
      const runs: Array<{ stdout: string; stderr: string }> = [];
      if (when !== "the first run") {
        const created = await ensureOk(services, alternating(secret));
        await deleteClientAsAdmin(services, created.standby_client_id!);
      }
      // Listed only 10 s after its create (within the 15 s Genesys is given): unlisted when the next run first looks.
      await setLag({ listMs: 10_000, getMs: 2000 });
      await resetCounters(services);
      const p = await startProxiedPath(services);
      try {
        // The standby is this run's last create: the first run's second, the repair's only one.
        let child: ChildProcess | undefined;
        let creates = 0;
        const standbyCreate = when === "the first run" ? 2 : 1;
        p.api.setHooks({
          afterForward: (record) => {
            if (record.label !== CREATE || ++creates !== standbyCreate) return undefined;
            child?.kill("SIGKILL");
            return "drop" as const;
          },
        });
        const killed = await runShim("external", JSON.stringify(alternating(secret)), p.env(), { onStart: (c) => (child = c) });
        assert.equal(killed.signal, "SIGKILL", `the run was killed at the standby's create:\n${killed.stderr}`);
        runs.push(killed);
      } finally {
        await p.close();
      }
      const createsBefore = (await services.simCounters())[CREATE] ?? 0;
      assert.equal(createsBefore, when === "the first run" ? 2 : 1, "the killed run's creates were applied");
      assert.ok((await liveNamed(`alt-${secret}`)).length === 2, "both clients exist, the standby not listed yet");

      const next = await ensure(services, alternating(secret));
      assert.equal(next.code, 0, next.stderr);
      assertNoCanary(next);
      runs.push(next);
      assert.equal((await services.simCounters())[CREATE] ?? 0, createsBefore, "the next run created nothing: it found the killed run's standby");
      const live = await liveNamed(`alt-${secret}`);
      assert.deepEqual(new Set(live.map((c) => c.id)), new Set([next.result!.client_id, next.result!.standby_client_id]));
      await assertInvariant(services, scope(secret, runs));
    });
  }

  it("(g) a soft-deleted standby (older than 30 days) is replaced; the stored credentials and the current client stay", async () => {
    const first = await ensureOk(services, alternating("soft-standby", { rotation_trigger: "r1" }));
    const rotated = await ensureOk(services, alternating("soft-standby", { rotation_trigger: "r2" }));
    await ageClient(rotated.standby_client_id!);
    await deleteClientAsAdmin(services, rotated.standby_client_id!);
    assert.equal((await getClient(services, rotated.standby_client_id!))?.state, "deleted");
    await resetCounters(services);

    const run = await ensure(services, alternating("soft-standby", { rotation_trigger: "r2" }));
    assert.equal(run.code, 0, run.stderr);
    assertNoCanary(run);
    const repaired = run.result!;
    assert.equal(repaired.client_id, rotated.client_id, "the current client stays");
    assert.equal(repaired.secret_version_id, rotated.secret_version_id, "AWSCURRENT untouched");
    assert.notEqual(repaired.standby_client_id, rotated.standby_client_id, "a new standby replaces the deleted one");
    assert.match(run.stderr, new RegExp(`standby OAuth client ${rotated.standby_client_id} recorded .* was deleted in Genesys Cloud \\(state "deleted"`));
    assert.deepEqual(await services.simWrites(), { [CREATE]: 1 }, "one create; the deleted standby is not written to, nothing regenerated");
    assert.equal(await awsPrevious(repaired.secret_arn!), undefined, "the deleted standby's credentials are not offered as AWSPREVIOUS");
    const steady = await ensureOk(services, alternating("soft-standby", { rotation_trigger: "r2" }));
    assert.deepEqual(steady, repaired, "the deleted standby, still listed with our marker, is never adopted");
    await assertInvariant(services, scope("soft-standby", [run]));
    assert.ok(first.client_id);
  });

  it("(g') a soft-deleted current client: the standby takes over with a new secret, a new standby is made", async () => {
    await ensureOk(services, alternating("soft-current", { rotation_trigger: "r1" }));
    const rotated = await ensureOk(services, alternating("soft-current", { rotation_trigger: "r2" }));
    await ageClient(rotated.client_id!);
    await deleteClientAsAdmin(services, rotated.client_id!);
    await resetCounters(services);

    const run = await ensure(services, alternating("soft-current", { rotation_trigger: "r2" }));
    assert.equal(run.code, 0, run.stderr);
    assertNoCanary(run);
    const repaired = run.result!;
    assert.equal(repaired.client_id, rotated.standby_client_id, "the standby took over");
    assert.ok(repaired.standby_client_id && repaired.standby_client_id !== rotated.client_id);
    assert.deepEqual(await services.simWrites(), { [CREATE]: 1, [REGENERATE]: 1 }, "one create (the new standby), one regenerate (the new current)");
    assert.equal(await awsPrevious(repaired.secret_arn!), undefined, "the deleted client's credentials are not offered as AWSPREVIOUS");
    const steady = await ensureOk(services, alternating("soft-current", { rotation_trigger: "r2" }));
    assert.deepEqual(steady, repaired, "the deleted client, still listed with our marker, is never adopted");
    await assertInvariant(services, scope("soft-current", [run]));
  });

  it("(h) destroy of an alternating pair older than 30 days: both soft-deleted at once, the secret deleted", async () => {
    await ensureOk(services, alternating("old-pair", { rotation_trigger: "r1" }));
    const rotated = await ensureOk(services, alternating("old-pair", { rotation_trigger: "r2" }));
    await ageClient(rotated.client_id!);
    await ageClient(rotated.standby_client_id!);
    const { value: run, seconds } = await timed(() =>
      runDelete(services, undefined, { GENESYS_OAUTH_SHIM_SECRET_NAME: "behaviour/alt-old-pair", GENESYS_OAUTH_SHIM_FORCE_DELETE: "true" }),
    );
    assert.equal(run.code, 0, run.stderr);
    assertNoCanary(run);
    for (const id of [rotated.client_id!, rotated.standby_client_id!]) {
      assert.match(run.stderr, new RegExp(`deleted OAuth client ${id} .*in state "deleted", until \\d{4}-`));
      assert.equal((await getClient(services, id))?.state, "deleted", `client ${id}: Genesys keeps it, deactivated, for seven days`);
    }
    assert.deepEqual(await describeSecret(services, rotated.secret_arn!), { error: "ResourceNotFoundException" });
    assert.ok(seconds < 15, `delete of the pair took ${seconds} s`);
    console.log(`# delete by secret name of an alternating pair older than 30 days: ${seconds.toFixed(1)} s`);
    await assertInvariant(services, { ...scope("old-pair", [run]), expectGone: ["behaviour/alt-old-pair"] });

    const again = await runDelete(services, undefined, { GENESYS_OAUTH_SHIM_SECRET_NAME: "behaviour/alt-old-pair", GENESYS_OAUTH_SHIM_FORCE_DELETE: "true" });
    assert.equal(again.code, 0, again.stderr);
  });

  it("(i) a token refusal by IP address during a rotation: no repair regenerate, the previous credentials kept; the next run finishes the switch without regenerating", async () => {
    const first = await ensureOk(services, alternating("ip", { rotation_trigger: "r1" }));
    const before = await readStoredDocument(services, first.secret_arn!);
    // The machine's address is not allowed for either client (an allow-list is set on both, as an org would).
    for (const id of [first.client_id!, first.standby_client_id!]) await simAdmin("PUT", `/__sim/clients/${id}/allowed-ips`, { allowed: ["192.0.2.0/24"] });
    await resetCounters(services);

    const run = await ensure(services, alternating("ip", { rotation_trigger: "r2" }));
    assert.equal(run.code, 1);
    assertNoCanary(run);
    assert.match(run.stderr, /refused a token for the OAuth client .* for a reason other than a wrong secret \(HTTP 401, ip\.not\.authorized\)/);
    assert.doesNotMatch(run.stderr, /CONFLICT|another writer/);
    assert.deepEqual(await services.simWrites(), { [REGENERATE]: 1 }, "the rotation's one regenerate (the standby's), and no repair");
    assert.doesNotMatch(run.stderr, /Nothing was regenerated/, "this run did regenerate the standby's secret: the message must not say otherwise");
    const previous = await awsPrevious(first.secret_arn!);
    assert.equal(previous?.client_id, before.client_id, "AWSPREVIOUS holds the credentials that were current");
    assert.equal(previous?.client_secret === before.client_secret, true, "and they were not regenerated");

    for (const id of [first.client_id!, first.standby_client_id!]) await simAdmin("PUT", `/__sim/clients/${id}/allowed-ips`, { allowed: [] });
    await resetCounters(services);
    const fixed = await ensure(services, alternating("ip", { rotation_trigger: "r2" }));
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.equal((await services.simWrites())[REGENERATE], undefined, "once allowed, the stored secret works: nothing regenerated");
    assert.equal(fixed.result!.client_id, first.standby_client_id, "the standby took over");
    assert.equal(await tokenStatus(services, before.client_id, before.client_secret), 200, "the previous credentials still work");
    await assertInvariant(services, scope("ip", [run, fixed]));
  });
});
