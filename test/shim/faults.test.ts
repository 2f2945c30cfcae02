import assert from "node:assert/strict";
import { EMPLOYEE_ROLE_ID, HOME_DIVISION_ID } from "../../src/simulator/index.js";
import { describe, it } from "node:test";
import { assertNoCanary, baseQuery, CANARY, ensure, ensureOk, readStoredDocument, resetCounters, tokenStatus, servicesForThisFile } from "./helpers.js";

const services = servicesForThisFile({ secretPrefix: CANARY });

const CREATE = "POST /api/v2/oauth/clients";

async function clientsNamed(name: string): Promise<number> {
  return (await services.simClients()).filter((c) => (c as { name?: string }).name === name).length;
}

describe("external: faults and retries", () => {
  it("waits out a 429 with Retry-After and creates exactly one client", async () => {
    await services.simFault({ route: CREATE, fault: "rate-limit", retryAfterSeconds: 1 });
    const began = Date.now();
    const result = await ensureOk(services, baseQuery({ name: "rate-limited", secret_name: "faults/429" }));
    assert.ok(Date.now() - began >= 1000, "honoured Retry-After");
    assert.equal((await services.simCounters())[CREATE], 2);
    assert.equal(await clientsNamed("rate-limited"), 1);
    const stored = await readStoredDocument(services, result.secret_arn!);
    assert.equal(await tokenStatus(services, stored.client_id, stored.client_secret), 200);
  });

  it("after a create whose response was lost (commit then reset), adopts that client instead of creating a second", async () => {
    await services.simFault({ route: CREATE, fault: "commit-then-reset" });
    const result = await ensureOk(services, baseQuery({ name: "ambiguous-create", secret_name: "faults/ambiguous" }));
    assert.equal((await services.simCounters())[CREATE], 1, "no blind retry of the create");
    assert.equal(await clientsNamed("ambiguous-create"), 1);
    const stored = await readStoredDocument(services, result.secret_arn!);
    assert.equal(stored.client_id, result.client_id);
    assert.equal(await tokenStatus(services, stored.client_id, stored.client_secret), 200, "the adopted client's regenerated secret works");
  });

  it("after a create that never reached the server (reset before response), looks, finds nothing, and creates once", async () => {
    await services.simFault({ route: CREATE, fault: "reset" });
    const result = await ensureOk(services, baseQuery({ name: "reset-create", secret_name: "faults/reset" }));
    assert.equal((await services.simCounters())[CREATE], 2);
    assert.equal(await clientsNamed("reset-create"), 1);
    assert.ok(result.client_id);
  });

  it("retries 503 on reads and on the token endpoint", async () => {
    const first = await ensureOk(services, baseQuery({ secret_name: "faults/503" }));
    await resetCounters(services);
    await services.simFault({ route: "POST /oauth/token", fault: "status", status: 503 });
    await services.simFault({ route: "GET /api/v2/oauth/clients/{id}", fault: "status", status: 503, times: 2 });
    const second = await ensureOk(services, baseQuery({ secret_name: "faults/503" }));
    assert.deepEqual(second, first);
    const counts = await services.simCounters();
    assert.equal(counts["POST /oauth/token"], 2);
    assert.equal(counts["GET /api/v2/oauth/clients/{id}"], 3);
  });

  it("gives up at once, saying why, when Retry-After is beyond the ceiling", async () => {
    await services.simFault({ route: CREATE, fault: "rate-limit", retryAfterSeconds: 3600 });
    const began = Date.now();
    const run = await ensure(services, baseQuery({ name: "throttled", secret_name: "faults/ceiling" }));
    assert.equal(run.code, 1);
    assert.ok(Date.now() - began < 20_000);
    assert.match(
      run.stderr,
      /create OAuth client was refused by Genesys Cloud \(HTTP 429, Genesys code too\.many\.requests\.retry\.after, ININ-Correlation-Id [0-9a-f-]{36}\)/,
    );
    assert.match(run.stderr, /rate limiting/);
  });

  it("names the missing permission when Genesys answers 403", async () => {
    const first = await ensureOk(services, baseQuery({ secret_name: "faults/403" }));
    const stored = await readStoredDocument(services, first.secret_arn!);
    // A client with a role that grants no oauth:client permission: it authenticates, but may not manage clients.
    const noRoles = await ensureOk(
      services,
      baseQuery({ name: "weak", secret_name: "faults/weak", role_divisions: JSON.stringify([{ role_id: EMPLOYEE_ROLE_ID, division_id: HOME_DIVISION_ID }]) }),
    );
    const weak = await readStoredDocument(services, noRoles.secret_arn!);
    const run = await ensure(services, baseQuery({ secret_name: "faults/403-other" }), {
      GENESYSCLOUD_OAUTHCLIENT_ID: weak.client_id,
      GENESYSCLOUD_OAUTHCLIENT_SECRET: weak.client_secret,
    });
    assert.equal(run.code, 1);
    assertNoCanary(run);
    assert.match(run.stderr, /HTTP 403, Genesys code missing\.permissions/);
    assert.match(run.stderr, /permission oauth:client:(view|add)/);
    assert.ok(stored.client_secret.startsWith(CANARY));
  });

  it("debug logging shows method, path, status and time, and no secret", async () => {
    const run = await ensure(services, baseQuery({ secret_name: "faults/debug" }), { GENESYS_OAUTH_SHIM_LOG: "debug" });
    assert.equal(run.code, 0, run.stderr);
    assertNoCanary(run);
    assert.match(run.stderr, /debug: POST \/oauth\/token → 200 in \d+ ms/);
    assert.match(run.stderr, /debug: POST \/api\/v2\/oauth\/clients → 200 in \d+ ms/);
    assert.match(run.stderr, /debug: secretsmanager:PutSecretValue .* → ok in \d+ ms/);
    assert.ok(!run.stderr.includes(services.sim.admin.clientSecret), "the admin secret is never logged");
  });
});
