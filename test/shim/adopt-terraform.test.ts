// Adoption through real Terraform and the real hashicorp/external provider: a client made outside (through the
// simulator's API, as genesyscloud_oauth_client would) is adopted by a data "external" running the bundle with
// adopt_client_id. The client id is unchanged, the old secret no longer works, the stored one does, and neither the
// old nor the new secret is anywhere in the workspace (state, backups, plan files).
// (The module's adopt_client_id input maps to this query key; wiring it is the module's business.)
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { describe, it } from "node:test";
import { ADMIN_ROLE_ID, HOME_DIVISION_ID } from "../../src/simulator/index.js";
import { createTerraformWorkspace } from "../support/terraform.js";
import { scanDirectory } from "../e2e/helpers.js";
import { BUNDLE, CANARY, createClientAsAdmin, readStoredDocument, servicesForThisFile, tokenStatus } from "./helpers.js";

const services = servicesForThisFile({ secretPrefix: CANARY });

const config = (adoptClientId: string) => `
data "external" "client" {
  program = ["node", ${JSON.stringify(BUNDLE)}, "external"]
  query = {
    name            = "billing-integration"
    secret_name     = "migrate/billing"
    role_divisions  = jsonencode([{ role_id = "${ADMIN_ROLE_ID}", division_id = "${HOME_DIVISION_ID}" }])
    adopt_client_id = "${adoptClientId}"
  }
}
output "client_id" { value = data.external.client.result.client_id }
output "secret_arn" { value = data.external.client.result.secret_arn }
`;

describe("adopting an existing client through real Terraform", () => {
  it("keeps the client id, kills the old secret, stores a working one, and puts no secret in the workspace", async () => {
    // The client as the genesyscloud provider would have made it; its secret is what used to sit in state.
    const old = await createClientAsAdmin(services, { name: "billing-integration", roleDivisions: [{ roleId: ADMIN_ROLE_ID, divisionId: HOME_DIVISION_ID }] });
    const ws = createTerraformWorkspace({ files: { "main.tf": config(old.id) }, env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }) });
    try {
      await ws.run(["init", "-input=false", "-no-color"]);
      await ws.run(["apply", "-auto-approve", "-input=false", "-no-color"]);
      const outputs = JSON.parse((await ws.run(["output", "-json"])).stdout) as Record<string, { value: string }>;
      assert.equal(outputs.client_id!.value, old.id, "the client id is unchanged");
      assert.equal(await tokenStatus(services, old.id, old.secret), 401, "the old secret no longer works");
      const stored = await readStoredDocument(services, outputs.secret_arn!.value);
      assert.equal(await tokenStatus(services, old.id, stored.client_secret), 200, "the stored secret works");

      const plan = await ws.run(["plan", "-detailed-exitcode", "-input=false", "-no-color", "-out=after.plan"], { allowFailure: true });
      assert.equal(plan.code, 0, `a second plan is clean:\n${plan.stdout}\n${plan.stderr}`);
      assert.ok((await tokenStatus(services, old.id, stored.client_secret)) === 200, "the plan did not rotate");

      for (const needle of [CANARY, stored.client_secret, old.secret]) {
        const { files, hits } = scanDirectory(dirname(ws.dir), needle);
        assert.ok(files > 0);
        assert.deepEqual(hits, [], "no secret in the workspace (state, plan, TF_DATA_DIR, HOME)");
      }
    } finally {
      ws.cleanup();
    }
  });
});
