// The module's after-apply read (src/reconcile/recorded.ts) gives, per key, the current client and, under the
// alternating rotation strategy, the standby one, from the secret's tags alone: what the modules' client_id,
// standby_client_id and client_ids outputs show.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseQuery } from "../../src/external/query.js";
import { recordedClient } from "../../src/reconcile/recorded.js";
import { TAG_CLAIM, TAG_CLIENT_ID, TAG_MANAGED, TAG_STANDBY_CLIENT_ID } from "../../src/reconcile/tags.js";
import type { SecretInfo, SecretsStore } from "../../src/secrets/store.js";

const CURRENT = "00000000-0000-4000-8000-0000000000c1";
const STANDBY = "00000000-0000-4000-8000-0000000000c2";
const request = parseQuery({ name: "app", secret_name: "genesys/app", role_divisions: '[{"role_id":"r","division_id":"*"}]' }, {});

/** A store that answers DescribeSecret with `secret` and fails the test on anything else: the read writes nothing. */
function describingStore(secret: SecretInfo | undefined): SecretsStore {
  return new Proxy({} as SecretsStore, {
    get: (_, name) => (name === "describe" ? async () => secret : () => assert.fail(`the result read called ${String(name)}`)),
  });
}

function secret(tags: Record<string, string>, deletedDate?: Date): SecretInfo {
  return {
    arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:genesys/app-AbCdEf",
    name: "genesys/app",
    tags: { [TAG_MANAGED]: "true", [TAG_CLAIM]: "claim-1", ...tags },
    currentVersionId: "v1",
    deletedDate,
    createdDate: undefined,
    kmsKeyId: undefined,
  };
}

describe("recordedClient: the ids the modules output", () => {
  it("alternating: the current client from client-id, the standby one from standby-client-id", async () => {
    const recorded = await recordedClient(request, describingStore(secret({ [TAG_CLIENT_ID]: CURRENT, [TAG_STANDBY_CLIENT_ID]: STANDBY })));
    assert.equal(recorded.client_id, CURRENT);
    assert.equal(recorded.standby_client_id, STANDBY);
  });

  it('in_place (no standby tag): standby_client_id is ""', async () => {
    const recorded = await recordedClient(request, describingStore(secret({ [TAG_CLIENT_ID]: CURRENT })));
    assert.equal(recorded.client_id, CURRENT);
    assert.equal(recorded.standby_client_id, "");
  });

  it("a secret that is not ours, or is scheduled for deletion, names no client at all", async () => {
    const foreign = secret({ [TAG_CLIENT_ID]: CURRENT, [TAG_STANDBY_CLIENT_ID]: STANDBY });
    delete foreign.tags[TAG_MANAGED];
    const deleted = secret({ [TAG_CLIENT_ID]: CURRENT, [TAG_STANDBY_CLIENT_ID]: STANDBY }, new Date());
    for (const info of [foreign, deleted, undefined]) {
      const recorded = await recordedClient(request, describingStore(info));
      assert.deepEqual([recorded.client_id, recorded.standby_client_id, recorded.secret_arn], ["", "", ""]);
    }
  });
});
