import assert from "node:assert/strict";
import { CreateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { describe, it } from "node:test";
import {
  assertNoCanary,
  baseQuery,
  CANARY,
  createClientAsAdmin,
  deleteClientAsAdmin,
  describeExisting,
  ensure,
  ensureOk,
  getClient,
  motoSecretsClient,
  readStoredDocument,
  resetCounters,
  RESULT_KEYS,
  secretTags,
  tokenStatus,
  writeCounts,
  servicesForThisFile,
} from "./helpers.js";

const services = servicesForThisFile({ secretPrefix: CANARY });

describe("external: ensure", () => {
  it("creates the client, stores its secret, and returns only ids and the ARN", async () => {
    const result = await ensureOk(services, baseQuery({ secret_name: "create/one" }));
    assert.deepEqual(Object.keys(result).sort(), RESULT_KEYS);
    assert.equal(result.client_name, "billing-integration");
    assert.equal(result.secret_name, "create/one");
    assert.equal(result.genesys_region, "us-east-1");
    assert.match(result.secret_arn!, /^arn:aws:secretsmanager:us-east-1:\d{12}:secret:create\/one-/);

    const stored = await readStoredDocument(services, result.secret_arn!);
    assert.equal(stored.format, "genesys-oauth-shim/v1");
    assert.equal(stored.client_id, result.client_id);
    assert.ok(stored.client_secret.startsWith(CANARY), "the stored value is the secret Genesys returned");
    assert.equal(await tokenStatus(services, stored.client_id, stored.client_secret), 200, "the stored secret authenticates");
    assert.equal(stored.token_url, `${services.sim.loginUrl}/oauth/token`);

    const client = (await getClient(services, result.client_id!))!;
    assert.equal(client.name, "billing-integration");
    assert.match(client.description ?? "", /managed by genesys-oauth-shim; claim [0-9a-f]{16}$/);
    assert.equal(services.proxy.counts().CreateSecret, 1);
  });

  it("makes zero writes on a second run with nothing to change", async () => {
    const query = baseQuery({ secret_name: "steady/state", description: "steady" });
    const first = await ensureOk(services, query);
    const describedBefore = await describeExisting(services, first.secret_arn!);
    await resetCounters(services);
    const second = await ensureOk(services, query);
    assert.deepEqual(second, first);
    assert.deepEqual(await writeCounts(services), { genesys: 0, secretsManager: 0 });
    assert.equal(services.proxy.counts().GetSecretValue ?? 0, 0, "a steady-state run does not even read the secret value");
    const describedAfter = await describeExisting(services, first.secret_arn!);
    assert.deepEqual(describedAfter.VersionIdsToStages, describedBefore.VersionIdsToStages);
  });

  it("updates the client in place when the spec changes", async () => {
    const first = await ensureOk(services, baseQuery({ secret_name: "spec/change", description: "v1" }));
    await resetCounters(services);
    const second = await ensureOk(services, baseQuery({ secret_name: "spec/change", description: "v2", access_token_validity_seconds: "3600" }));
    assert.equal(second.client_id, first.client_id);
    assert.equal(second.secret_version_id, first.secret_version_id, "a spec change does not touch the secret");
    assert.deepEqual(await services.simWrites(), { "PUT /api/v2/oauth/clients/{id}": 1 });
    assert.equal(services.proxy.writeCount(), 0);
    const client = (await getClient(services, first.client_id!))!;
    assert.match(client.description ?? "", /^v2\n\nmanaged by genesys-oauth-shim/);
    assert.equal(client.accessTokenValiditySeconds, 3600);
  });

  it("rotates: a new rotation_trigger regenerates the secret and stores it as a new version", async () => {
    const first = await ensureOk(services, baseQuery({ secret_name: "rotate/me", rotation_trigger: "2026-01" }));
    const oldSecret = (await readStoredDocument(services, first.secret_arn!)).client_secret;
    const second = await ensureOk(services, baseQuery({ secret_name: "rotate/me", rotation_trigger: "2026-02" }));
    assert.equal(second.client_id, first.client_id);
    assert.notEqual(second.secret_version_id, first.secret_version_id);
    const newSecret = (await readStoredDocument(services, second.secret_arn!)).client_secret;
    assert.notEqual(newSecret, oldSecret);
    assert.equal(await tokenStatus(services, first.client_id!, oldSecret), 401, "the old secret is refused");
    assert.equal(await tokenStatus(services, first.client_id!, newSecret), 200, "the new secret works");
    await resetCounters(services);
    const third = await ensureOk(services, baseQuery({ secret_name: "rotate/me", rotation_trigger: "2026-02" }));
    assert.equal(third.secret_version_id, second.secret_version_id);
    assert.deepEqual(await writeCounts(services), { genesys: 0, secretsManager: 0 });
  });

  it("converges after drift: the recorded client was deleted in Genesys", async () => {
    const first = await ensureOk(services, baseQuery({ secret_name: "drift/deleted" }));
    await deleteClientAsAdmin(services, first.client_id!);
    const second = await ensureOk(services, baseQuery({ secret_name: "drift/deleted" }));
    assert.notEqual(second.client_id, first.client_id);
    assert.equal(second.secret_arn, first.secret_arn);
    const stored = await readStoredDocument(services, second.secret_arn!);
    assert.equal(stored.client_id, second.client_id);
    assert.equal(await tokenStatus(services, stored.client_id, stored.client_secret), 200);
    const tags = secretTags(await describeExisting(services, second.secret_arn!));
    assert.equal(tags["genesys-oauth-shim:client-id"], second.client_id);
  });

  it("converges from a secret with no value: adopts the marked client and regenerates its secret", async () => {
    // What a run that died between "create OAuth client" and "store client secret" leaves behind.
    const claim = "0123456789abcdef";
    const sm = motoSecretsClient(services);
    await sm.send(
      new CreateSecretCommand({
        Name: "no/value",
        Tags: [
          { Key: "genesys-oauth-shim:managed", Value: "true" },
          { Key: "genesys-oauth-shim:claim", Value: claim },
        ],
      }),
    );
    sm.destroy();
    const orphan = await createClientAsAdmin(services, { name: "billing-integration", description: `managed by genesys-oauth-shim; claim ${claim}` });

    const result = await ensureOk(services, baseQuery({ secret_name: "no/value" }));
    assert.equal(result.client_id, orphan.id, "the marked client is adopted, not duplicated");
    const stored = await readStoredDocument(services, result.secret_arn!);
    assert.equal(stored.client_id, orphan.id);
    assert.notEqual(stored.client_secret, orphan.secret, "its lost secret was regenerated");
    assert.equal(await tokenStatus(services, orphan.id, orphan.secret), 401);
    assert.equal(await tokenStatus(services, orphan.id, stored.client_secret), 200);
  });

  it("converges from a claimed secret whose run died before creating the client", async () => {
    const sm = motoSecretsClient(services);
    await sm.send(
      new CreateSecretCommand({
        Name: "claimed/only",
        Tags: [
          { Key: "genesys-oauth-shim:managed", Value: "true" },
          { Key: "genesys-oauth-shim:claim", Value: "fedcba9876543210" },
        ],
      }),
    );
    sm.destroy();
    const result = await ensureOk(services, baseQuery({ secret_name: "claimed/only" }));
    const stored = await readStoredDocument(services, result.secret_arn!);
    assert.equal(await tokenStatus(services, result.client_id!, stored.client_secret), 200);
    assert.equal(services.proxy.counts().CreateSecret ?? 0, 0, "the existing claim is reused");
  });

  it("rolls back when storing the secret fails after the client was created", async () => {
    const before = (await services.simClients()).length;
    services.proxy.failNext("PutSecretValue", 1, { status: 400, type: "AccessDeniedException", message: "not allowed to PutSecretValue" });
    const run = await ensure(services, baseQuery({ secret_name: "store/fails" }));
    assert.equal(run.code, 1);
    assertNoCanary(run);
    assert.match(run.stderr, /storing the client secret failed/);
    assert.match(run.stderr, /Rolled back: deleted the new OAuth client [0-9a-f-]{36}/);
    assert.match(run.stderr, /AccessDeniedException/);
    assert.match(run.stderr, /secretsmanager:PutSecretValue/);
    assert.equal((await services.simClients()).length, before, "no client is left behind");
    assert.equal(run.stdout, "");
    const again = await ensureOk(services, baseQuery({ secret_name: "store/fails" }));
    assert.ok(again.client_id);
  });

  it("read-only mode passes in steady state and refuses to create", async () => {
    const refused = await ensure(services, baseQuery({ secret_name: "read/only", read_only: "true" }));
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /read-only mode: nothing was written, but an apply would: claim secret name .*create OAuth client/);
    assert.deepEqual(await writeCounts(services), { genesys: 0, secretsManager: 0 });

    const created = await ensureOk(services, baseQuery({ secret_name: "read/only" }));
    await resetCounters(services);
    const viaEnv = await ensureOk(services, baseQuery({ secret_name: "read/only" }), { GENESYS_OAUTH_SHIM_READ_ONLY: "1" });
    assert.deepEqual(viaEnv, created);
    const changed = await ensure(services, baseQuery({ secret_name: "read/only", description: "new" }), { GENESYS_OAUTH_SHIM_READ_ONLY: "1" });
    assert.equal(changed.code, 1);
    assert.match(changed.stderr, /update OAuth client \(client [0-9a-f-]+ differs in description\)/);
    assert.deepEqual(await writeCounts(services), { genesys: 0, secretsManager: 0 });
  });

  it("refuses to take over a secret it did not create", async () => {
    const client = motoSecretsClient(services);
    await client.send(new CreateSecretCommand({ Name: "someone/else", SecretString: "{}" }));
    client.destroy();
    const run = await ensure(services, baseQuery({ secret_name: "someone/else" }));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /exists but was not created by genesys-oauth-shim/);
    assert.deepEqual(await writeCounts(services), { genesys: 0, secretsManager: 0 });
  });

  it("stores a regenerated secret and retags after the tag step failed", async () => {
    const first = await ensureOk(services, baseQuery({ secret_name: "tag/fails", rotation_trigger: "a" }));
    // The first TagResource takes the write lease; the second (the final tag step) is refused.
    services.proxy.failNext("TagResource", 1, { after: 1, status: 400, type: "AccessDeniedException", message: "no tagging" });
    const failed = await ensure(services, baseQuery({ secret_name: "tag/fails", rotation_trigger: "b" }), { AWS_MAX_ATTEMPTS: "1" });
    assert.equal(failed.code, 1);
    const stored = await readStoredDocument(services, first.secret_arn!);
    assert.equal(await tokenStatus(services, stored.client_id, stored.client_secret), 200, "the value stored before the failure works");
    await resetCounters(services);
    const fixed = await ensureOk(services, baseQuery({ secret_name: "tag/fails", rotation_trigger: "b" }));
    assert.deepEqual(await services.simWrites(), {}, "no second regenerate: the stored secret is tested and works");
    assert.deepEqual(services.proxy.counts().TagResource, 2, "take the released lease, then the tags");
    assert.equal(fixed.client_id, first.client_id);
  });
});
