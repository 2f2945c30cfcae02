// `external-many` phase "result", the read behind the modules' client_id, standby_client_id and client_ids outputs:
// it names the client AWSCURRENT holds and, under rotation_strategy "alternating", the standby one, and the two
// swap on each rotation; under in_place there is no standby.
import assert from "node:assert/strict";
import { it } from "node:test";
import { runShimExternal } from "../support/shim.js";
import { adminRoles, assertNoCanary, readStoredDocument, servicesForThisFile } from "./helpers.js";

const services = servicesForThisFile();

interface KeyResult {
  client_id: string;
  standby_client_id: string;
  secret_arn: string;
}

async function runMany(clients: Record<string, Record<string, string>>, phase?: "result"): Promise<Record<string, KeyResult>> {
  const run = await runShimExternal("external-many", { clients: JSON.stringify(clients), ...(phase ? { phase } : {}) }, { env: services.shimEnv() });
  assert.equal(run.code, 0, `external-many failed:\n${run.stderr}`);
  assertNoCanary(run);
  return JSON.parse(run.result!.clients!) as Record<string, KeyResult>;
}

const spec = (trigger: string) => ({
  alt: { name: "result-alt", secret_name: "result/alt", role_divisions: adminRoles(), rotation_strategy: "alternating", rotation_trigger: trigger },
  one: { name: "result-one", secret_name: "result/one", role_divisions: adminRoles(), rotation_trigger: trigger },
});

it("the result read names the current and the standby client, which swap on rotation; in_place has no standby", async () => {
  const ensured = await runMany(spec("r1"));
  const first = await runMany(spec("r1"), "result");
  for (const key of ["alt", "one"]) {
    assert.equal(first[key]!.client_id, ensured[key]!.client_id, `${key}: the ensure and the result read agree`);
    assert.equal(first[key]!.standby_client_id, ensured[key]!.standby_client_id, `${key}: the ensure and the result read agree`);
  }
  assert.match(first.alt!.standby_client_id, /^[0-9a-f-]{36}$/);
  assert.notEqual(first.alt!.standby_client_id, first.alt!.client_id);
  assert.equal(first.one!.standby_client_id, "", "in_place: no standby");
  assert.equal((await readStoredDocument(services, first.alt!.secret_arn)).client_id, first.alt!.client_id, "client_id is the client AWSCURRENT holds");

  await runMany(spec("r2"));
  const rotated = await runMany(spec("r2"), "result");
  assert.deepEqual(
    [rotated.alt!.client_id, rotated.alt!.standby_client_id],
    [first.alt!.standby_client_id, first.alt!.client_id],
    "alternating: a rotation makes the standby current and the old current the standby",
  );
  assert.equal((await readStoredDocument(services, rotated.alt!.secret_arn)).client_id, rotated.alt!.client_id);
  assert.deepEqual([rotated.one!.client_id, rotated.one!.standby_client_id], [first.one!.client_id, ""], "in_place: the same one client");
});
