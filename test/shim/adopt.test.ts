// adopt_client_id: a client made outside the shim (as genesyscloud_oauth_client or a person would, through the API)
// is taken over: same id, its old secret stops working, the stored one works, and from then on it is the secret's
// own. A client another secret manages is refused.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ADMIN_ROLE_ID, HOME_DIVISION_ID } from "../../src/simulator/index.js";
import {
  assertNoCanary,
  baseQuery,
  CANARY,
  createClientAsAdmin,
  deleteClientAsAdmin,
  describeSecret,
  ensure,
  ensureOk,
  getClient,
  readStoredDocument,
  resetCounters,
  secretTags,
  servicesForThisFile,
  tokenStatus,
} from "./helpers.js";

const services = servicesForThisFile({ secretPrefix: CANARY });

/** A client as `genesyscloud_oauth_client` would create it: no marker, its secret handed to whoever made it. */
async function existingClient(name = "billing-integration"): Promise<{ id: string; secret: string }> {
  return createClientAsAdmin(services, {
    name,
    description: "made by terraform-provider-genesyscloud",
    roleDivisions: [{ roleId: ADMIN_ROLE_ID, divisionId: HOME_DIVISION_ID }],
  });
}

describe("adopt_client_id", () => {
  it("takes over an existing client: same id, old secret dead, stored secret works, then steady", async () => {
    const old = await existingClient();
    assert.equal(await tokenStatus(services, old.id, old.secret), 200);
    await resetCounters(services);

    const adopted = await ensureOk(services, baseQuery({ secret_name: "adopt/billing", adopt_client_id: old.id }));
    assert.equal(adopted.client_id, old.id, "the client id is unchanged");
    assert.equal(await tokenStatus(services, old.id, old.secret), 401, "the old secret (in someone's state) no longer works");
    const stored = await readStoredDocument(services, adopted.secret_arn!);
    assert.equal(stored.client_id, old.id);
    assert.equal(await tokenStatus(services, old.id, stored.client_secret), 200, "the stored secret works");
    assert.match((await getClient(services, old.id))!.description as string, /managed by genesys-oauth-shim; claim [0-9a-f]{16}$/);
    assert.equal(secretTags(await describeSecret(services, adopted.secret_arn!))["genesys-oauth-shim:client-id"], old.id);
    assert.deepEqual(
      await services.simWrites(),
      { "PUT /api/v2/oauth/clients/{id}": 1, "POST /api/v2/oauth/clients/{id}/secret": 1 },
      "marked once, regenerated once, nothing created",
    );

    const writesBefore = services.proxy.writeCount();
    const again = await ensureOk(services, baseQuery({ secret_name: "adopt/billing", adopt_client_id: old.id }));
    assert.equal(again.secret_version_id, adopted.secret_version_id, "no second regenerate");
    assert.equal(services.proxy.writeCount(), writesBefore);
  });

  it("after adoption the client is the secret's own: drift creates a new one although adopt_client_id stays", async () => {
    const old = await existingClient();
    const adopted = await ensureOk(services, baseQuery({ secret_name: "adopt/drift", adopt_client_id: old.id }));
    await deleteClientAsAdmin(services, old.id);
    const repaired = await ensureOk(services, baseQuery({ secret_name: "adopt/drift", adopt_client_id: old.id }));
    assert.notEqual(repaired.client_id, old.id);
    assert.notEqual(repaired.secret_version_id, adopted.secret_version_id);
  });

  it("refuses a client another secret manages, and leaves that client and its secret working", async () => {
    const owner = await ensureOk(services, baseQuery({ secret_name: "adopt/owner" }));
    const ownerSecret = (await readStoredDocument(services, owner.secret_arn!)).client_secret;
    const run = await ensure(services, baseQuery({ secret_name: "adopt/thief", adopt_client_id: owner.client_id! }));
    assert.equal(run.code, 1);
    assertNoCanary(run);
    assert.match(
      run.stderr,
      /adopt existing OAuth client failed: adopt_client_id: the OAuth client [0-9a-f-]{36} is already managed by genesys-oauth-shim for another secret/,
    );
    assert.equal(await tokenStatus(services, owner.client_id!, ownerSecret), 200, "the owner's secret still works");
    assert.equal((await services.simWrites())["POST /api/v2/oauth/clients/{id}/secret"], undefined, "nothing regenerated");
  });

  it("an id that does not exist: a clear error, no client created", async () => {
    const run = await ensure(services, baseQuery({ secret_name: "adopt/missing", adopt_client_id: "0b9e3b8e-0000-4000-8000-000000000000" }));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /adopt_client_id: no OAuth client 0b9e3b8e-0000-4000-8000-000000000000 exists/);
    assert.equal((await services.simWrites())["POST /api/v2/oauth/clients"], undefined);
  });

  it("an id that is not a UUID is bad input: exit 1 before any call", async () => {
    const run = await ensure(services, baseQuery({ secret_name: "adopt/bad", adopt_client_id: "not-a-uuid" }));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /adopt_client_id/);
    assert.deepEqual(await services.simCounters(), {});
    assert.equal(services.proxy.writeCount(), 0);
  });

  it("a run that dies after marking the client converges: the next run finds it by its mark", async () => {
    const old = await existingClient();
    services.proxy.failNext("PutSecretValue", 3, { status: 500 });
    const failed = await ensure(services, baseQuery({ secret_name: "adopt/interrupted", adopt_client_id: old.id }));
    assert.equal(failed.code, 1);
    assert.ok(await getClient(services, old.id), "an adopted client is never rolled back (deleted)");
    const resumed = await ensureOk(services, baseQuery({ secret_name: "adopt/interrupted", adopt_client_id: old.id }));
    assert.equal(resumed.client_id, old.id);
    const stored = await readStoredDocument(services, resumed.secret_arn!);
    assert.equal(await tokenStatus(services, old.id, stored.client_secret), 200);
  });
});
