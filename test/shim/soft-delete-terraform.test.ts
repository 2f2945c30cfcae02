// Soft delete through real Terraform, the real hashicorp/external provider and the oauth-client module: a client
// older than 30 days stays readable with state "deleted" after DELETE (docs/GENESYS-BEHAVIOUR.md). `terraform destroy`
// must finish at once and delete the secret, where it used to wait 30 s for a 404 that never comes and then fail;
// a client soft-deleted outside Terraform is replaced by the next apply, whose output says so in one line.
import assert from "node:assert/strict";
import { relative } from "node:path";
import { describe, it } from "node:test";
import { ADMIN_ROLE_ID, HOME_DIVISION_ID } from "../../src/simulator/index.js";
import { MODULE_DIR } from "../e2e/helpers.js";
import { createTerraformWorkspace } from "../support/terraform.js";
import { CANARY, deleteClientAsAdmin, describeSecret, getClient, readStoredDocument, servicesForThisFile, tokenStatus } from "./helpers.js";

const services = servicesForThisFile({ secretPrefix: CANARY });

const age31Days = async (clientId: string) => {
  const aged = await fetch(`${services.sim.apiUrl}/__sim/clients/${clientId}/age`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ days: 31 }),
  });
  assert.equal(aged.status, 200);
};

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

describe("soft delete through real Terraform (clients older than 30 days)", () => {
  it("completes, leaves the client soft-deleted in Genesys, and deletes our secret", async () => {
    const ws = createTerraformWorkspace({ env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }) });
    try {
      ws.writeFile("main.tf", config(relative(ws.dir, MODULE_DIR)));
      await ws.run(["init", "-input=false", "-no-color"]);
      await ws.run(["apply", "-auto-approve", "-input=false", "-no-color"]);
      const outputs = JSON.parse((await ws.run(["output", "-json"])).stdout) as Record<string, { value: string }>;
      const clientId = outputs.client_id!.value;
      await age31Days(clientId);

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

  it("a client soft-deleted outside Terraform is replaced by the next apply, which says so in one line", async () => {
    const ws = createTerraformWorkspace({ env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }) });
    try {
      ws.writeFile("main.tf", config(relative(ws.dir, MODULE_DIR)));
      await ws.run(["init", "-input=false", "-no-color"]);
      await ws.run(["apply", "-auto-approve", "-input=false", "-no-color"]);
      const before = JSON.parse((await ws.run(["output", "-json"])).stdout) as Record<string, { value: string }>;
      const old = before.client_id!.value;
      await age31Days(old);
      await deleteClientAsAdmin(services, old);
      assert.equal((await getClient(services, old))?.state, "deleted");

      const apply = await ws.run(["apply", "-auto-approve", "-input=false", "-no-color"]);
      const output = `${apply.stdout}\n${apply.stderr}`;
      assert.ok(!output.includes(CANARY), "no secret in Terraform's output");
      const after = JSON.parse((await ws.run(["output", "-json"])).stdout) as Record<string, { value: string }>;
      const replacement = after.client_id!.value;
      assert.notEqual(replacement, old, "a new client replaces the deleted one");
      const said = output.split("\n").filter((line) => line.includes(`OAuth client ${old} recorded for the secret`));
      assert.equal(said.length, 1, `one line says so:\n${output}`);
      assert.match(said[0]!, new RegExp(`was deleted in Genesys Cloud \\(state "deleted".*new OAuth client ${replacement}`));
      const stored = await readStoredDocument(services, after.secret_arn!.value);
      assert.equal(stored.client_id, replacement);
      assert.equal(await tokenStatus(services, replacement, stored.client_secret), 200);
      await ws.run(["destroy", "-auto-approve", "-input=false", "-no-color"]);
    } finally {
      ws.cleanup();
    }
  });
});
