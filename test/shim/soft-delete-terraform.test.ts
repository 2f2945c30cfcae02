// Soft delete through real Terraform, the real hashicorp/external provider and the oauth-client module: a client
// older than 30 days stays readable with state "deleted" after DELETE (docs/GENESYS-BEHAVIOUR.md). `terraform destroy`
// must finish at once and delete the secret, where it used to wait 30 s for a 404 that never comes and then fail.
import assert from "node:assert/strict";
import { relative } from "node:path";
import { describe, it } from "node:test";
import { ADMIN_ROLE_ID, HOME_DIVISION_ID } from "../../src/simulator/index.js";
import { MODULE_DIR } from "../e2e/helpers.js";
import { createTerraformWorkspace } from "../support/terraform.js";
import { CANARY, describeSecret, getClient, servicesForThisFile } from "./helpers.js";

const services = servicesForThisFile({ secretPrefix: CANARY });

const config = (moduleSource: string) => `
module "billing" {
  source = ${JSON.stringify(moduleSource)}

  name           = "billing-integration"
  secret_name    = "soft-delete/billing"
  role_divisions = [{ role_id = "${ADMIN_ROLE_ID}", division_id = "${HOME_DIVISION_ID}" }]

  aws_region              = "us-east-1"
  recovery_window_in_days = 0
}
output "client_id" { value = module.billing.client_id }
output "secret_arn" { value = module.billing.secret_arn }
`;

describe("terraform destroy of a client older than 30 days", () => {
  it("completes, leaves the client soft-deleted in Genesys, and deletes our secret", async () => {
    const ws = createTerraformWorkspace({ env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }) });
    try {
      ws.writeFile("main.tf", config(relative(ws.dir, MODULE_DIR)));
      await ws.run(["init", "-input=false", "-no-color"]);
      await ws.run(["apply", "-auto-approve", "-input=false", "-no-color"]);
      const outputs = JSON.parse((await ws.run(["output", "-json"])).stdout) as Record<string, { value: string }>;
      const clientId = outputs.client_id!.value;
      const aged = await fetch(`${services.sim.apiUrl}/__sim/clients/${clientId}/age`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ days: 31 }) });
      assert.equal(aged.status, 200);

      const started = Date.now();
      const destroy = await ws.run(["destroy", "-auto-approve", "-input=false", "-no-color"], { allowFailure: true });
      const seconds = (Date.now() - started) / 1000;
      assert.equal(destroy.code, 0, `destroy failed:\n${destroy.stdout}\n${destroy.stderr}`);
      assert.ok(!`${destroy.stdout}${destroy.stderr}`.includes(CANARY), "no secret in Terraform's output");
      console.log(`# terraform destroy of a soft-deleted client: ${seconds.toFixed(1)} s`);
      const client = await getClient(services, clientId);
      assert.equal(client?.state, "deleted", "Genesys keeps it, deactivated, for seven days");
      assert.deepEqual(await describeSecret(services, outputs.secret_arn!.value), { error: "ResourceNotFoundException" }, "our secret is deleted");
    } finally {
      ws.cleanup();
    }
  });
});
