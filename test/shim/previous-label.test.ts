// in_place rotation and AWSPREVIOUS: regenerating a client's secret ends the old one at once, so after a rotation
// (or a drifted client's replacement) no version may carry AWSPREVIOUS. A consumer that falls back to AWSPREVIOUS
// (docs/CONSUMERS.md) must find nothing, never a secret the token endpoint refuses.
import assert from "node:assert/strict";
import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { describe, it } from "node:test";
import {
  baseQuery,
  deleteClientAsAdmin,
  describeExisting,
  ensureOk,
  motoSecretsClient,
  readStoredDocument,
  servicesForThisFile,
  tokenStatus,
} from "./helpers.js";

const services = servicesForThisFile();

async function previousVersion(arn: string): Promise<{ error: string } | { versionId: string }> {
  const client = motoSecretsClient(services);
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: "AWSPREVIOUS" }));
    return { versionId: out.VersionId! };
  } catch (error) {
    return { error: (error as Error).name };
  } finally {
    client.destroy();
  }
}

describe("in_place: AWSPREVIOUS never labels a secret that no longer works", () => {
  it("a rotation leaves AWSCURRENT on the new version and no AWSPREVIOUS; the old version stays, unlabelled", async () => {
    const created = await ensureOk(services, baseQuery({ secret_name: "previous/rotation", rotation_trigger: "r1" }));
    const old = await readStoredDocument(services, created.secret_arn!);
    const rotated = await ensureOk(services, baseQuery({ secret_name: "previous/rotation", rotation_trigger: "r2" }));
    assert.notEqual(rotated.secret_version_id, created.secret_version_id);
    assert.equal(await tokenStatus(services, old.client_id, old.client_secret), 401, "the replaced secret no longer works");

    const stages = (await describeExisting(services, rotated.secret_arn!)).VersionIdsToStages ?? {};
    // The store step's own pending stage stays on the newest version it wrote (the next store moves it on).
    assert.deepEqual(
      stages[rotated.secret_version_id!]?.filter((stage) => stage !== "genesys-oauth-shim-pending"),
      ["AWSCURRENT"],
    );
    assert.deepEqual(stages[created.secret_version_id!] ?? [], [], "the replaced version carries no label");
    assert.deepEqual(await previousVersion(rotated.secret_arn!), { error: "ResourceNotFoundException" });
  });

  it("so does a drifted client's replacement (the previous version belonged to a deleted client)", async () => {
    const created = await ensureOk(services, baseQuery({ secret_name: "previous/drift" }));
    await deleteClientAsAdmin(services, created.client_id!);
    const replaced = await ensureOk(services, baseQuery({ secret_name: "previous/drift" }));
    assert.notEqual(replaced.client_id, created.client_id);
    assert.deepEqual(await previousVersion(replaced.secret_arn!), { error: "ResourceNotFoundException" });
    const doc = await readStoredDocument(services, replaced.secret_arn!);
    assert.equal(await tokenStatus(services, doc.client_id, doc.client_secret), 200);
  });

  it("the first value of a secret has no previous version to unlabel (no extra call)", async () => {
    await ensureOk(services, baseQuery({ secret_name: "previous/first" }));
    assert.equal(services.proxy.counts().UpdateSecretVersionStage ?? 0, 0);
  });
});
