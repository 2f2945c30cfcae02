// rotation_strategy "alternating" (issue 17), the AWS "alternating users" strategy: two clients with the same spec,
// "<name>" and "<name> (b)"; a rotation regenerates the standby's secret and stores it as AWSCURRENT, so the
// credentials AWSPREVIOUS then labels (the previous client's) keep working until the next rotation.
import assert from "node:assert/strict";
import { GetSecretValueCommand, TagResourceCommand } from "@aws-sdk/client-secrets-manager";
import { describe, it } from "node:test";
import {
  baseQuery,
  deleteClientAsAdmin,
  ensureOk,
  getClient,
  motoSecretsClient,
  readStoredDocument,
  resetCounters,
  runDelete,
  secretTags,
  servicesForThisFile,
  tokenStatus,
  waitForReadLag,
  writeCounts,
  createClientAsAdmin,
} from "./helpers.js";
import { adminCall, describeExisting } from "../support/inspect.js";
import { runShim } from "../support/shim.js";

const services = servicesForThisFile();

const alternating = (secret: string, overrides: Record<string, string> = {}) =>
  baseQuery({ secret_name: `alternating/${secret}`, rotation_strategy: "alternating", ...overrides });

interface Credentials {
  client_id: string;
  client_secret: string;
}

async function stage(arn: string, label: "AWSCURRENT" | "AWSPREVIOUS"): Promise<Credentials | undefined> {
  const client = motoSecretsClient(services);
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: label }));
    return JSON.parse(out.SecretString!) as Credentials;
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") return undefined;
    throw error;
  } finally {
    client.destroy();
  }
}

const works = async (credentials: Credentials | undefined) =>
  credentials !== undefined && (await tokenStatus(services, credentials.client_id, credentials.client_secret)) === 200;

async function liveClientsNamed(prefix: string): Promise<Array<{ id: string; name: string; state?: string }>> {
  const all = (await services.simClients()) as Array<{ id: string; name: string; state?: string }>;
  return all.filter((c) => c.name.startsWith(prefix) && c.state !== "deleted");
}

describe('rotation_strategy "alternating"', () => {
  it("creates two clients told apart by name, stores one, records both; a second run writes nothing", async () => {
    const result = await ensureOk(services, alternating("create", { name: "alt-create" }));
    const clients = await liveClientsNamed("alt-create");
    assert.deepEqual(clients.map((c) => c.name).sort(), ["alt-create", "alt-create (b)"]);
    assert.ok(result.standby_client_id, "the result names the standby");
    assert.deepEqual(new Set(clients.map((c) => c.id)), new Set([result.client_id, result.standby_client_id]));
    const tags = secretTags(await describeExisting(services, result.secret_arn!));
    assert.equal(tags["genesys-oauth-shim:client-id"], result.client_id);
    assert.equal(tags["genesys-oauth-shim:standby-client-id"], result.standby_client_id);
    const doc = await readStoredDocument(services, result.secret_arn!);
    assert.equal(doc.client_id, result.client_id, "the stored document names its client");
    assert.equal(await tokenStatus(services, doc.client_id, doc.client_secret), 200);

    await waitForReadLag(services);
    await resetCounters(services);
    const again = await ensureOk(services, alternating("create", { name: "alt-create" }));
    assert.deepEqual(again, result);
    assert.deepEqual(await writeCounts(services), { genesys: 0, secretsManager: 0 });
  });

  it("each of three rotations moves AWSCURRENT to the other client and keeps AWSPREVIOUS working", async () => {
    let previous = await ensureOk(services, alternating("rotate", { rotation_trigger: "r0" }));
    const both = new Set([previous.client_id, previous.standby_client_id]);
    for (const trigger of ["r1", "r2", "r3"]) {
      const before = await stage(previous.secret_arn!, "AWSCURRENT");
      await resetCounters(services);
      const rotated = await ensureOk(services, alternating("rotate", { rotation_trigger: trigger }));
      assert.deepEqual(
        await services.simWrites(),
        { "POST /api/v2/oauth/clients/{id}/secret": 1 },
        `${trigger}: one regenerate, nothing else written to Genesys`,
      );
      assert.equal(rotated.client_id, previous.standby_client_id, `${trigger}: the standby took over`);
      assert.equal(rotated.standby_client_id, previous.client_id, `${trigger}: the previous client is the standby now`);
      assert.notEqual(rotated.secret_version_id, previous.secret_version_id);
      const current = await stage(rotated.secret_arn!, "AWSCURRENT");
      const prior = await stage(rotated.secret_arn!, "AWSPREVIOUS");
      assert.equal(current?.client_id, rotated.client_id, "the stored document names its client");
      assert.ok(await works(current), `${trigger}: AWSCURRENT works`);
      assert.deepEqual(prior, before, `${trigger}: AWSPREVIOUS is what AWSCURRENT was`);
      assert.ok(await works(prior), `${trigger}: AWSPREVIOUS still works`);
      previous = rotated;
    }
    assert.deepEqual(new Set([previous.client_id, previous.standby_client_id]), both, "still the same two clients");
    const names = await Promise.all([...both].map(async (id) => (await getClient(services, id!))?.name));
    assert.deepEqual(names.sort(), ["billing-integration", "billing-integration (b)"], "each client keeps its name");
  });

  it("a deleted current client: the standby takes over with a new secret, and a new standby replaces the gone one", async () => {
    const created = await ensureOk(services, alternating("drift-current"));
    await deleteClientAsAdmin(services, created.client_id!);
    // The modules' apply-time command, which says what it did.
    const run = await runShim("ensure", JSON.stringify(alternating("drift-current")), { env: services.shimEnv() });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`its standby took over from the deleted client ${created.client_id}`));
    const repaired = await ensureOk(services, alternating("drift-current"));
    assert.equal(repaired.client_id, created.standby_client_id);
    assert.ok(repaired.standby_client_id && repaired.standby_client_id !== created.client_id);
    assert.ok(await works(await stage(repaired.secret_arn!, "AWSCURRENT")));
    assert.equal(await stage(repaired.secret_arn!, "AWSPREVIOUS"), undefined, "the gone client's credentials are not offered");
    assert.equal((await getClient(services, repaired.standby_client_id!))?.state, "active");
  });

  it("a rotation cut off after regenerating the standby, then a run with the old trigger: AWSPREVIOUS no longer offers the dead secret", async () => {
    await ensureOk(services, alternating("cut-off", { rotation_trigger: "r1" }));
    const rotated = await ensureOk(services, alternating("cut-off", { rotation_trigger: "r2" }));
    assert.ok(await works(await stage(rotated.secret_arn!, "AWSPREVIOUS")), "before: AWSPREVIOUS (the standby's) works");
    // What a run killed between the standby's regenerate and its store leaves: the standby's stored secret is dead,
    // and the run's lease is on the secret (released, as after a failure, so the next run takes it at once).
    const regenerate = await adminCall(services, "POST", `/${rotated.standby_client_id}/secret`);
    assert.equal(regenerate.status, 200, regenerate.text);
    const sm = motoSecretsClient(services);
    await sm.send(new TagResourceCommand({ SecretId: rotated.secret_arn!, Tags: [{ Key: "genesys-oauth-shim:lease", Value: "fedcba9876543210:r" }] }));
    sm.destroy();
    const after = await ensureOk(services, alternating("cut-off", { rotation_trigger: "r2" }));
    assert.equal(after.client_id, rotated.client_id, "no rotation: the trigger is the one already applied");
    assert.ok(await works(await stage(after.secret_arn!, "AWSCURRENT")));
    assert.equal(await stage(after.secret_arn!, "AWSPREVIOUS"), undefined, "the dead standby secret is no longer labelled AWSPREVIOUS");
  });

  it("a deleted standby is replaced without touching the stored credentials", async () => {
    const created = await ensureOk(services, alternating("drift-standby", { rotation_trigger: "r1" }));
    await ensureOk(services, alternating("drift-standby", { rotation_trigger: "r2" })); // AWSPREVIOUS: the now-standby's
    const rotated = await ensureOk(services, alternating("drift-standby", { rotation_trigger: "r2" }));
    await deleteClientAsAdmin(services, rotated.standby_client_id!);
    const repaired = await ensureOk(services, alternating("drift-standby", { rotation_trigger: "r2" }));
    assert.equal(repaired.client_id, rotated.client_id);
    assert.equal(repaired.secret_version_id, rotated.secret_version_id, "AWSCURRENT untouched");
    assert.notEqual(repaired.standby_client_id, rotated.standby_client_id);
    assert.equal(await stage(repaired.secret_arn!, "AWSPREVIOUS"), undefined, "the deleted standby's credentials are not offered");
    assert.ok(created.client_id);
  });

  it("a standby whose spec drifted is updated back", async () => {
    const created = await ensureOk(services, alternating("drift-spec", { name: "alt-spec" }));
    const standby = (await getClient(services, created.standby_client_id!))!;
    const fields = ["description", "authorizedGrantType", "roleDivisions", "accessTokenValiditySeconds"];
    const body = Object.fromEntries(fields.map((field) => [field, standby[field]]));
    const put = await adminCall(services, "PUT", `/${standby.id}`, { ...body, name: "renamed by hand" });
    assert.equal(put.status, 200, put.text);
    const repaired = await ensureOk(services, alternating("drift-spec", { name: "alt-spec" }));
    assert.equal((await getClient(services, repaired.standby_client_id!))?.name, "alt-spec (b)");
  });

  it("switching from in_place adds a standby; the next rotation uses it and AWSPREVIOUS keeps working", async () => {
    const inPlace = await ensureOk(services, baseQuery({ secret_name: "alternating/switch-on" }));
    const switched = await ensureOk(services, alternating("switch-on"));
    assert.equal(switched.client_id, inPlace.client_id, "the existing client stays current");
    assert.equal(switched.secret_version_id, inPlace.secret_version_id, "no rotation just for switching");
    assert.ok(switched.standby_client_id);
    const rotated = await ensureOk(services, alternating("switch-on", { rotation_trigger: "r1" }));
    assert.equal(rotated.client_id, switched.standby_client_id);
    assert.ok(await works(await stage(rotated.secret_arn!, "AWSPREVIOUS")));
  });

  it("switching to in_place keeps the current client (named as in_place names it) and deletes the standby", async () => {
    await ensureOk(services, alternating("switch-off", { name: "alt-off" }));
    const rotated = await ensureOk(services, alternating("switch-off", { name: "alt-off", rotation_trigger: "r1" })); // current: "(b)"
    const inPlace = baseQuery({ secret_name: "alternating/switch-off", name: "alt-off", rotation_trigger: "r1" });
    const back = await ensureOk(services, inPlace);
    assert.equal(back.client_id, rotated.client_id);
    assert.equal(back.standby_client_id, "");
    assert.equal(back.secret_version_id, rotated.secret_version_id, "the stored credentials stay");
    const clients = await liveClientsNamed("alt-off");
    assert.deepEqual(
      clients.map((c) => [c.id, c.name]),
      [[rotated.client_id, "alt-off"]],
    );
    assert.equal(await stage(back.secret_arn!, "AWSPREVIOUS"), undefined, "the deleted standby's credentials are not offered");
    assert.equal(secretTags(await describeExisting(services, back.secret_arn!))["genesys-oauth-shim:standby-client-id"], undefined);
    await waitForReadLag(services);
    await resetCounters(services);
    await ensureOk(services, inPlace);
    assert.deepEqual(await writeCounts(services), { genesys: 0, secretsManager: 0 });
  });

  it("adopt_client_id: the adopted client becomes the current one and gets a standby", async () => {
    const existing = await createClientAsAdmin(services, { name: "alt-adopt" });
    const adopted = await ensureOk(services, alternating("adopt", { name: "alt-adopt", adopt_client_id: existing.id }));
    assert.equal(adopted.client_id, existing.id);
    assert.ok(adopted.standby_client_id);
    assert.equal(await tokenStatus(services, existing.id, existing.secret), 401, "the adopted client's old secret was regenerated");
  });

  it("delete by client id (the current one) removes the standby with the secret", async () => {
    const created = await ensureOk(services, alternating("delete-by-id", { name: "alt-by-id" }));
    const run = await runDelete(services, { client_id: created.client_id!, secret_arn: created.secret_arn!, force_delete_without_recovery: "true" });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr + run.stdout, new RegExp(`deleted the standby OAuth client ${created.standby_client_id}`));
    assert.deepEqual(await liveClientsNamed("alt-by-id"), []);
  });

  it("delete by secret name removes both clients and the secret", async () => {
    const created = await ensureOk(services, alternating("destroy", { name: "alt-destroy" }));
    await ensureOk(services, alternating("destroy", { name: "alt-destroy", rotation_trigger: "r1" }));
    const run = await runDelete(services, undefined, { GENESYS_OAUTH_SHIM_SECRET_NAME: "alternating/destroy", GENESYS_OAUTH_SHIM_FORCE_DELETE: "true" });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(await liveClientsNamed("alt-destroy"), []);
    assert.ok(created.client_id);
  });
});
