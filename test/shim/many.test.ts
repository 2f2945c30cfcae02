// `external-many` (the oauth-clients module's program) through the protocol driver, against the simulator and moto:
// several keys in one run with one token, zero writes when nothing changed, one key failing without costing the
// others their results, and every key's input checked before anything is written.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HOME_DIVISION_ID } from "../../src/simulator/index.js";
import { setTimeout as sleep } from "node:timers/promises";
import type { ExternalResult } from "../support/protocol-driver.js";
import { runShimExternal } from "../support/shim.js";
import { spawnTracked, stopProcess } from "../support/processes.js";
import type { Services } from "../support/services.js";
import {
  adminRoles,
  assertNoCanary,
  BUNDLE,
  CANARY,
  deleteClientAsAdmin,
  getClient,
  readStoredDocument,
  resetCounters,
  servicesForThisFile,
  tokenStatus,
  waitForReadLag,
  writeCounts,
} from "./helpers.js";

const services = servicesForThisFile({ secretPrefix: CANARY });

type KeyQuery = Record<string, string>;

function clientQuery(key: string, overrides: KeyQuery = {}): KeyQuery {
  return { name: `many-${key}`, secret_name: `many/${key}`, role_divisions: adminRoles(), ...overrides };
}

function runMany(
  svc: Services,
  clients: Record<string, KeyQuery>,
  extra: Record<string, string> = {},
  env: Record<string, string | undefined> = {},
): Promise<ExternalResult> {
  return runShimExternal("external-many", { clients: JSON.stringify(clients), ...extra }, { env: svc.shimEnv(env) });
}

interface KeyResult {
  client_id: string;
  client_name: string;
  secret_arn: string;
  secret_name: string;
  secret_version_id: string;
}

function decode(run: ExternalResult): { clients: Record<string, KeyResult>; errors: Record<string, string> } {
  assert.equal(run.code, 0, `external-many failed:\n${run.stderr}`);
  assertNoCanary(run);
  assert.deepEqual(Object.keys(run.result!).sort(), ["clients", "errors", "genesys_region"]);
  return { clients: JSON.parse(run.result!.clients!) as Record<string, KeyResult>, errors: JSON.parse(run.result!.errors!) as Record<string, string> };
}

const three = () => ({ alpha: clientQuery("alpha"), beta: clientQuery("beta", { description: "second" }), gamma: clientQuery("gamma") });

describe("external-many: many clients in one run", () => {
  it("ensures every key with one session token, and each stored secret is its own client's", async () => {
    const { clients, errors } = decode(await runMany(services, three()));
    assert.deepEqual(errors, {});
    assert.deepEqual(Object.keys(clients), ["alpha", "beta", "gamma"]);
    assert.equal(new Set(Object.values(clients).map((c) => c.client_id)).size, 3, "three distinct clients");
    const counts = await services.simCounters();
    // One session token for the whole run, plus the test-secret step's token request with each stored secret.
    assert.equal(counts["POST /oauth/token"], 1 + 3, "one session token for the whole run, one test per stored secret");
    assert.equal(services.proxy.counts().CreateSecret, 3);
    for (const [key, result] of Object.entries(clients)) {
      assert.equal(result.secret_name, `many/${key}`);
      assert.equal(result.client_name, `many-${key}`);
      const stored = await readStoredDocument(services, result.secret_arn);
      assert.equal(stored.client_id, result.client_id, `${key}: the secret holds its own client's credentials`);
      assert.ok(stored.client_secret.startsWith(CANARY));
      assert.equal(await tokenStatus(services, stored.client_id, stored.client_secret), 200, `${key}: the stored secret authenticates`);
    }
  });

  it("a no-change run of N keys: zero writes, one token, N DescribeSecret, N client reads, no secret value read", async () => {
    const first = decode(await runMany(services, three()));
    await waitForReadLag(services);
    await resetCounters(services);
    const second = decode(await runMany(services, three()));
    assert.deepEqual(second, first);
    assert.deepEqual(await writeCounts(services), { genesys: 0, secretsManager: 0 });
    const sim = await services.simCounters();
    assert.deepEqual(sim, { "POST /oauth/token": 1, "GET /api/v2/oauth/clients/{id}": 3 }, "Genesys calls of a no-change run");
    assert.deepEqual(services.proxy.counts(), { DescribeSecret: 3 }, "Secrets Manager calls of a no-change run");
  });

  it("more keys than run at once: one list of clients replaces the per-key reads (1 token, 1 list, N DescribeSecret)", async () => {
    const six = Object.fromEntries(["k1", "k2", "k3", "k4", "k5", "k6"].map((key) => [key, clientQuery(key)]));
    const first = decode(await runMany(services, six));
    assert.deepEqual(first.errors, {});
    await waitForReadLag(services);
    await resetCounters(services);
    const second = decode(await runMany(services, six));
    assert.deepEqual(second, first);
    assert.deepEqual(await writeCounts(services), { genesys: 0, secretsManager: 0 });
    assert.deepEqual(await services.simCounters(), { "POST /oauth/token": 1, "GET /api/v2/oauth/clients": 1 });
    assert.deepEqual(services.proxy.counts(), { DescribeSecret: 6 });

    // A client deleted behind the shim's back is missing from the list: its key reads it (404) and recreates it;
    // the other five are answered by the list and untouched.
    await deleteClientAsAdmin(services, first.clients.k4!.client_id);
    await resetCounters(services);
    const third = decode(await runMany(services, six));
    assert.deepEqual(third.errors, {});
    assert.notEqual(third.clients.k4!.client_id, first.clients.k4!.client_id, "k4 got a new client");
    assert.deepEqual({ ...third.clients, k4: undefined }, { ...first.clients, k4: undefined });
    const sim = await services.simCounters();
    // One list for every key; k4's drift path then reads its client by id until the GET lag has surely passed (a
    // 404 may be a client too new to read), and lists until the list lag has, looking for a client carrying its
    // claim before it creates one (docs/GENESYS-BEHAVIOUR.md). The other keys read nothing by id.
    assert.ok(sim["GET /api/v2/oauth/clients"]! >= 3, `lists: ${sim["GET /api/v2/oauth/clients"]}`);
    assert.ok(sim["GET /api/v2/oauth/clients/{id}"]! >= 2, "k4's client is read by id, more than once");
    assert.equal(sim["POST /api/v2/oauth/clients"], 1, "only k4 is created");
    assert.equal(sim["PUT /api/v2/oauth/clients/{id}"], undefined, "nobody else is updated");
    const stored = await readStoredDocument(services, third.clients.k4!.secret_arn);
    assert.equal(stored.client_id, third.clients.k4!.client_id);
    assert.equal(await tokenStatus(services, stored.client_id, stored.client_secret), 200);
  });

  it("more keys than run at once, and the list keeps failing: every key reads its own client, nothing is written", async () => {
    const five = Object.fromEntries(["l1", "l2", "l3", "l4", "l5"].map((key) => [key, clientQuery(key)]));
    const first = decode(await runMany(services, five));
    await resetCounters(services);
    await services.simFault({ route: "GET /api/v2/oauth/clients", fault: "status", status: 503, times: 20 });
    const second = decode(await runMany(services, five));
    assert.deepEqual(second, first);
    assert.deepEqual(await writeCounts(services), { genesys: 0, secretsManager: 0 });
    const sim = await services.simCounters();
    assert.ok((sim["GET /api/v2/oauth/clients"] ?? 0) >= 1, "the list was tried (and retried)");
    assert.equal(sim["GET /api/v2/oauth/clients/{id}"], 5);
  });

  it("more keys than run at once, one of them changed: the listed client is compared, and only it is updated", async () => {
    const six = Object.fromEntries(["m1", "m2", "m3", "m4", "m5", "m6"].map((key) => [key, clientQuery(key)]));
    const first = decode(await runMany(services, six));
    await resetCounters(services);
    const second = decode(await runMany(services, { ...six, m2: clientQuery("m2", { access_token_validity_seconds: "3600" }) }));
    assert.deepEqual(second.clients, first.clients);
    assert.deepEqual(await services.simWrites(), { "PUT /api/v2/oauth/clients/{id}": 1 });
    assert.equal((await getClient(services, first.clients.m2!.client_id))?.accessTokenValiditySeconds, 3600);
  });

  it("changing one key updates only that client", async () => {
    const first = decode(await runMany(services, three()));
    await waitForReadLag(services);
    await resetCounters(services);
    const changed = { ...three(), beta: clientQuery("beta", { description: "changed" }) };
    const second = decode(await runMany(services, changed));
    assert.deepEqual(await services.simWrites(), { "PUT /api/v2/oauth/clients/{id}": 1 });
    assert.equal(services.proxy.writeCount(), 0);
    assert.deepEqual(second.clients, first.clients, "same ids and secret versions");
    assert.match((await getClient(services, first.clients.beta!.client_id))?.description ?? "", /^changed\n/);
    assert.match((await getClient(services, first.clients.alpha!.client_id))?.description ?? "", /^managed by genesys-oauth-shim/);
  });

  it("one key Genesys rejects fails alone: the others converge and are returned, the error names the key", async () => {
    const clients = {
      ...three(),
      broken: clientQuery("broken", { role_divisions: JSON.stringify([{ role_id: "00000000-0000-4000-8000-0000000000ff", division_id: HOME_DIVISION_ID }]) }),
    };
    const run = await runMany(services, clients);
    const { clients: results, errors } = decode(run);
    assert.deepEqual(Object.keys(results), ["alpha", "beta", "gamma"]);
    assert.deepEqual(Object.keys(errors), ["broken"]);
    assert.match(errors.broken!, /create OAuth client.*bad\.client\.role|bad\.client\.role/s);
    assert.match(run.stderr, /clients\["broken"\] failed: .*role/);
    for (const result of Object.values(results)) {
      assert.equal((await readStoredDocument(services, result.secret_arn)).client_id, result.client_id);
    }
    // The converged keys are done: the next run writes nothing for them, and the broken key fails the same way.
    await resetCounters(services);
    const again = decode(await runMany(services, clients));
    assert.deepEqual(again.clients, results);
    assert.deepEqual(Object.keys(again.errors), ["broken"]);
    assert.deepEqual(await services.simWrites(), { "POST /api/v2/oauth/clients": 1 }, "only the broken key's create, refused again");
    // The broken key's run claims its secret name and, failing before any client exists, gives the claim back; the
    // converged keys' secrets are untouched (same version ids above), and no value is ever stored for the broken key.
    assert.equal(services.proxy.counts().PutSecretValue ?? 0, 0, "no secret value stored");
    // Fixed, it converges, and the others stay untouched.
    await resetCounters(services);
    const fixed = decode(await runMany(services, { ...clients, broken: clientQuery("broken") }));
    assert.deepEqual(fixed.errors, {});
    assert.equal((await services.simWrites())["POST /api/v2/oauth/clients"], 1, "only the fixed key's client is created");
    assert.equal((await services.simWrites())["PUT /api/v2/oauth/clients/{id}"], undefined);
  });

  it("killed while every key's create is in flight: the next run adopts each created client, none is duplicated", async () => {
    const keys = ["c1", "c2", "c3"];
    const clients = Object.fromEntries(keys.map((key) => [key, clientQuery(key, { name: `many-crash-${key}` })]));
    await services.simFault({ route: "POST /api/v2/oauth/clients", fault: "delay", delayMs: 3000, times: 3 });
    // A short deadline: the killed run's write lease (the claim carries it) ends with that deadline, and until then
    // the next run waits for it rather than race a writer that might still be alive (docs/ARCHITECTURE.md).
    const child = spawnTracked("node", [BUNDLE, "external-many"], { env: services.shimEnv({ GENESYS_OAUTH_SHIM_TIMEOUT_SECONDS: "8" }) });
    child.stdin?.end(JSON.stringify({ clients: JSON.stringify(clients) }));
    const crashStdout: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => crashStdout.push(chunk));
    // SIGKILL once Genesys has received all three creates (each held for 3 s, then committed anyway).
    for (let i = 0; i < 200 && ((await services.simCounters())["POST /api/v2/oauth/clients"] ?? 0) < 3; i++) await sleep(50);
    assert.equal((await services.simCounters())["POST /api/v2/oauth/clients"], 3, "three creates in flight");
    await stopProcess(child, 0);
    assert.equal(Buffer.concat(crashStdout).toString(), "", "the killed run printed nothing");
    const crashed = () => services.simClients().then((all) => (all as { name?: string }[]).filter((c) => c.name?.startsWith("many-crash-")));
    for (let i = 0; i < 100 && (await crashed()).length < 3; i++) await sleep(100);
    assert.equal((await crashed()).length, 3, "the creates committed after the kill");

    await resetCounters(services);
    const { clients: results, errors } = decode(await runMany(services, clients));
    assert.deepEqual(errors, {});
    assert.equal((await services.simCounters())["POST /api/v2/oauth/clients"] ?? 0, 0, "no second create: each key adopted its client");
    assert.equal((await crashed()).length, 3, "still exactly one client per key");
    for (const key of keys) {
      const stored = await readStoredDocument(services, results[key]!.secret_arn);
      assert.equal(stored.client_id, results[key]!.client_id);
      assert.equal(await tokenStatus(services, stored.client_id, stored.client_secret), 200, `${key}: the stored secret authenticates`);
    }
  });

  it("read_only: a key that needs a write fails by name and nothing is written; unchanged keys still answer", async () => {
    const first = decode(await runMany(services, three()));
    await waitForReadLag(services);
    await resetCounters(services);
    const pending = { ...three(), gamma: clientQuery("gamma", { description: "pending" }), delta: clientQuery("delta") };
    const { clients, errors } = decode(await runMany(services, pending, { read_only: "true" }));
    assert.deepEqual(await writeCounts(services), { genesys: 0, secretsManager: 0 });
    assert.deepEqual(Object.keys(errors), ["delta", "gamma"]);
    assert.match(errors.gamma!, /read-only mode: nothing was written, but an apply would: update OAuth client/);
    assert.match(errors.delta!, /read-only mode/);
    assert.deepEqual(clients, { alpha: first.clients.alpha, beta: first.clients.beta });
  });

  it("every key's input is checked first: one bad key fails the run by name, with no call at all", async () => {
    const run = await runMany(services, { ...three(), bad: clientQuery("bad", { access_token_validity_seconds: "5" }), worse: { name: "x" } });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /clients\["bad"\]: invalid input "access_token_validity_seconds"/);
    assert.match(run.stderr, /clients\["worse"\]: .*secret_name/);
    assert.deepEqual(await services.simCounters(), {}, "no Genesys call");
    assert.deepEqual(services.proxy.counts(), {}, "no Secrets Manager call");
  });

  it("two keys on one secret are refused before any call", async () => {
    const run = await runMany(services, { a: clientQuery("a", { secret_name: "many/shared" }), b: clientQuery("b", { secret_name: "many/shared" }) });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /clients\["a"\], clients\["b"\]: invalid input "secret_name": "many\/shared" is used by more than one key/);
    assert.deepEqual(services.proxy.counts(), {});
  });

  it("run-wide settings inside a key are refused, naming the key", async () => {
    const run = await runMany(services, { a: clientQuery("a", { aws_region: "eu-west-1" }) });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /clients\["a"\].*aws_region apply to every key/);
  });

  it("no keys: an empty result without any call or credentials", async () => {
    const run = await runMany(services, {}, {}, { GENESYSCLOUD_OAUTHCLIENT_ID: undefined, GENESYSCLOUD_OAUTHCLIENT_SECRET: undefined });
    assert.deepEqual(decode(run), { clients: {}, errors: {} });
    assert.deepEqual(await services.simCounters(), {});
    assert.deepEqual(services.proxy.counts(), {});
  });

  it("when every key fails (bad Genesys credentials) the run exits 1 and stderr names each key", async () => {
    const run = await runMany(services, three(), {}, { GENESYSCLOUD_OAUTHCLIENT_SECRET: "wrong-secret-value" });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    for (const key of ["alpha", "beta", "gamma"]) assert.match(run.stderr, new RegExp(`clients\\["${key}"\\] failed: `));
    assert.ok(!run.stderr.includes("wrong-secret-value"), "the credential is redacted");
    assert.equal((await services.simCounters())["POST /oauth/token"], 1, "the failed token request is not repeated per key");
  });
});
