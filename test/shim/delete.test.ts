import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateSecretCommand, TagResourceCommand } from "@aws-sdk/client-secrets-manager";
import {
  assertNoCanary,
  baseQuery,
  CANARY,
  createClientAsAdmin,
  deleteClientAsAdmin,
  describeExisting,
  describeSecret,
  ensureOk,
  getClient,
  motoSecretsClient,
  runDelete,
  secretTags,
  servicesForThisFile,
} from "./helpers.js";

const services = servicesForThisFile({ secretPrefix: CANARY });

describe("delete", () => {
  it("deactivates and deletes the client, then schedules the secret for deletion; repeating is safe", async () => {
    const created = await ensureOk(services, baseQuery({ secret_name: "delete/me" }));
    const run = await runDelete(services, { client_id: created.client_id!, secret_arn: created.secret_arn!, recovery_window_in_days: "7" });
    assert.equal(run.code, 0, run.stderr);
    assertNoCanary(run);
    assert.match(run.stderr, /deleted OAuth client .* \("billing-integration"\)/);
    assert.match(run.stderr, /scheduled secret delete\/me for deletion in 7 days/);
    assert.equal(await getClient(services, created.client_id!), undefined);
    assert.ok((await describeExisting(services, created.secret_arn!)).DeletedDate, "secret scheduled for deletion");
    const writes = await services.simWrites();
    assert.equal(writes["PUT /api/v2/oauth/clients/{id}"], 1, "set inactive first");
    assert.equal(writes["DELETE /api/v2/oauth/clients/{id}"], 1);

    const again = await runDelete(services, { client_id: created.client_id!, secret_arn: created.secret_arn!, recovery_window_in_days: "7" });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /does not exist \(already deleted\)/);
    assert.match(again.stderr, /already deleted or scheduled for deletion/);
  });

  it("takes its input from the environment, as the module's destroy provisioner passes it, and can force-delete", async () => {
    const created = await ensureOk(services, baseQuery({ secret_name: "delete/env" }));
    const run = await runDelete(services, undefined, {
      GENESYS_OAUTH_SHIM_CLIENT_ID: created.client_id,
      GENESYS_OAUTH_SHIM_SECRET_ARN: created.secret_arn,
      GENESYS_OAUTH_SHIM_FORCE_DELETE: "true",
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /deleted secret delete\/env without recovery/);
    assert.deepEqual(await describeSecret(services, created.secret_arn!), { error: "ResourceNotFoundException" });
  });

  it("keeps a secret that now belongs to a newer client", async () => {
    const first = await ensureOk(services, baseQuery({ secret_name: "delete/reused" }));
    await deleteClientAsAdmin(services, first.client_id!);
    const second = await ensureOk(services, baseQuery({ secret_name: "delete/reused" }));
    assert.notEqual(second.client_id, first.client_id);
    const run = await runDelete(services, { client_id: first.client_id!, secret_arn: first.secret_arn!, force_delete_without_recovery: "true" });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`kept secret delete/reused: it now belongs to OAuth client ${second.client_id}`));
    const described = await describeExisting(services, first.secret_arn!);
    assert.equal(described.DeletedDate, undefined);
    assert.ok(await getClient(services, second.client_id!), "the newer client is untouched");
  });

  it("refuses to delete a client it did not create", async () => {
    const foreign = await createClientAsAdmin(services, { name: "hand-made", description: "made in the admin UI" });
    const run = await runDelete(services, { client_id: foreign.id });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /was not created by genesys-oauth-shim; refusing to delete it/);
    assert.ok(await getClient(services, foreign.id), "the foreign client is untouched");
    assert.deepEqual(await services.simWrites(), { "POST /api/v2/oauth/clients": 1 });
  });

  it("refuses bad input with a message naming the field, writing nothing", async () => {
    const cases: Array<[Record<string, string> | undefined, RegExp]> = [
      [undefined, /"secret_name": missing\. Pass \{"secret_name": …\} \(or \{"client_id": …\}\) on stdin, or set GENESYS_OAUTH_SHIM_SECRET_NAME\./],
      [{ client_id: "x", secret_name: "y" }, /"client_id" and "secret_name" were both given\. Allowed: one of them/],
      [{ secret_name: "bad name!" }, /"secret_name"/],
      [{ client_id: "x", recovery_window_in_days: "3" }, /"recovery_window_in_days": 3 is out of range\. Allowed: 0 \(delete at once\) or 7 to 30/],
      [{ client_id: "x", secret: "y" }, /unknown key "secret"/],
      [{ client_id: "x", force_delete_without_recovery: "maybe" }, /"force_delete_without_recovery" must be one of/],
    ];
    for (const [input, expect] of cases) {
      const run = await runDelete(services, input);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, expect);
    }
    assert.deepEqual(await services.simWrites(), {});
    assert.equal(services.proxy.writeCount(), 0);
  });

  describe("by secret name (the modules' destroy hook)", () => {
    it("deletes the client the secret names, a client an interrupted run created under its claim, then the secret", async () => {
      const created = await ensureOk(services, baseQuery({ secret_name: "delete/by-name" }));
      const claim = secretTags(await describeSecret(services, created.secret_arn!))["genesys-oauth-shim:claim"]!;
      const orphan = await createClientAsAdmin(services, { name: "billing-integration", description: `managed by genesys-oauth-shim; claim ${claim}` });
      // As the interrupted run left it: its released write lease on the secret (and its client not listed yet).
      const sm = motoSecretsClient(services);
      await sm.send(new TagResourceCommand({ SecretId: created.secret_arn!, Tags: [{ Key: "genesys-oauth-shim:lease", Value: "0123456789abcdef:0" }] }));
      sm.destroy();
      const run = await runDelete(services, undefined, { GENESYS_OAUTH_SHIM_SECRET_NAME: "delete/by-name", GENESYS_OAUTH_SHIM_FORCE_DELETE: "true" });
      assert.equal(run.code, 0, run.stderr);
      assertNoCanary(run);
      assert.equal(await getClient(services, created.client_id!), undefined, "the recorded client is gone");
      assert.equal(await getClient(services, orphan.id), undefined, "the marked client of an interrupted run is gone");
      assert.deepEqual(await describeSecret(services, created.secret_arn!), { error: "ResourceNotFoundException" });
      assert.match(run.stderr, /deleted secret delete\/by-name without recovery/);
    });

    it("keeps a secret it did not create, deletes nothing, and exits 0 (destroy is never blocked by it)", async () => {
      await ensureOk(services, baseQuery({ secret_name: "delete/other" }));
      const before = await services.simWrites();
      const foreign = await createClientAsAdmin(services, { name: "hand-made-2", description: "made in the admin UI" });
      const sm = motoSecretsClient(services);
      await sm.send(new CreateSecretCommand({ Name: "delete/foreign", SecretString: "not ours" }));
      sm.destroy();
      const run = await runDelete(services, { secret_name: "delete/foreign", force_delete_without_recovery: "true" });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /kept secret delete\/foreign: it was not created by genesys-oauth-shim, so neither it nor any client was deleted/);
      assert.equal((await describeExisting(services, "delete/foreign")).DeletedDate, undefined);
      assert.ok(await getClient(services, foreign.id), "no client was touched");
      assert.deepEqual(await services.simWrites(), { ...before, "POST /api/v2/oauth/clients": (before["POST /api/v2/oauth/clients"] ?? 0) + 1 });
    });

    it("with nothing under the name it succeeds without Genesys credentials and creates nothing", async () => {
      const run = await runDelete(services, { secret_name: "delete/never-created" }, { GENESYSCLOUD_OAUTHCLIENT_ID: "", GENESYSCLOUD_OAUTHCLIENT_SECRET: "" });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /secret delete\/never-created does not exist: nothing of genesys-oauth-shim's to delete/);
    });

    it("with a client to delete and no Genesys credentials it fails naming the variable and deletes nothing", async () => {
      const created = await ensureOk(services, baseQuery({ secret_name: "delete/no-credentials" }));
      const run = await runDelete(services, { secret_name: "delete/no-credentials" }, { GENESYSCLOUD_OAUTHCLIENT_ID: "", GENESYSCLOUD_OAUTHCLIENT_SECRET: "" });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /GENESYSCLOUD_OAUTHCLIENT_ID/);
      assert.ok(await getClient(services, created.client_id!), "the client is still there");
      assert.equal((await describeExisting(services, created.secret_arn!)).DeletedDate, undefined, "the secret is still there");
    });
  });
});
