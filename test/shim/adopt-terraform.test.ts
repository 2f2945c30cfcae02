// Adoption through real Terraform, the real hashicorp/external provider and the oauth-client module, as
// docs/MIGRATING.md walks it: a client made outside (through the simulator's API, as genesyscloud_oauth_client
// would) is adopted with the module's adopt_client_id. The client id is unchanged, the old secret no longer works,
// the stored one does, the next plan is clean, and neither the old nor the new secret is anywhere in the workspace
// (state, backups, plan files). Destroy then deletes the adopted client like one the module created.
import assert from "node:assert/strict";
import { dirname, relative } from "node:path";
import { describe, it } from "node:test";
import { ADMIN_ROLE_ID, HOME_DIVISION_ID } from "../../src/simulator/index.js";
import { createTerraformWorkspace } from "../support/terraform.js";
import { getClient, MODULE_DIR, scanDirectory } from "../e2e/helpers.js";
import { CANARY, createClientAsAdmin, readStoredDocument, servicesForThisFile, tokenStatus } from "./helpers.js";

const services = servicesForThisFile({ secretPrefix: CANARY });

const config = (moduleSource: string, adoptClientId: string) => `
module "billing" {
  source = ${JSON.stringify(moduleSource)}

  name            = "billing-integration"
  secret_name     = "migrate/billing"
  role_divisions  = [{ role_id = "${ADMIN_ROLE_ID}", division_id = "${HOME_DIVISION_ID}" }]
  adopt_client_id = "${adoptClientId}"

  aws_region              = "us-east-1"
  recovery_window_in_days = 0
}
output "client_id" { value = module.billing.client_id }
output "secret_arn" { value = module.billing.secret_arn }
`;

describe("adopting an existing client through real Terraform", () => {
  it("keeps the client id, kills the old secret, stores a working one, and puts no secret in the workspace", async () => {
    // The client as the genesyscloud provider would have made it; its secret is what used to sit in state.
    const old = await createClientAsAdmin(services, { name: "billing-integration", roleDivisions: [{ roleId: ADMIN_ROLE_ID, divisionId: HOME_DIVISION_ID }] });
    const ws = createTerraformWorkspace({ env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }) });
    try {
      ws.writeFile("main.tf", config(relative(ws.dir, MODULE_DIR), old.id));
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

      await ws.run(["destroy", "-auto-approve", "-input=false", "-no-color"]);
      assert.equal(await getClient(services, old.id), undefined, "destroy deletes the adopted client like its own");
    } finally {
      ws.cleanup();
    }
  });
});
