// terraform/examples/removed: a deleted module block replaced by `removed` blocks runs the module's destroy hook,
// so the client and its secret are deleted, not just forgotten by state.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { startServices, type Services } from "../support/services.js";
import { createTerraformWorkspace, type TerraformWorkspace } from "../support/terraform.js";
import { repoRoot } from "../support/toolchain.js";
import { describeSecret, getClient, MODULE_DIR, tokenStatus, readStoredDocument } from "./helpers.js";

const EXAMPLE = join(repoRoot, "terraform", "examples", "removed");

describe("terraform/examples/removed (real Terraform, simulator, moto)", { timeout: 300_000 }, () => {
  let services: Services;
  let ws: TerraformWorkspace;

  before(async () => {
    services = await startServices();
    ws = createTerraformWorkspace({ env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }) });
  });
  after(async () => {
    ws?.cleanup();
    await services?.close();
  });

  it("swapping the module block for the removed blocks deletes the client and schedules the secret for deletion", async () => {
    const source = relative(ws.dir, MODULE_DIR);
    ws.writeFile(
      "main.tf",
      `module "billing" {
  source         = ${JSON.stringify(source)}
  name           = "removed-example"
  secret_name    = "removed-example/billing"
  role_divisions = [{ role_id = "00000000-0000-4000-8000-0000000000a2", division_id = "00000000-0000-4000-8000-000000000001" }]
  aws_region     = "us-east-1"
}
output "client_id" { value = module.billing.client_id }
output "secret_arn" { value = module.billing.secret_arn }
`,
    );
    await ws.run(["init", "-input=false", "-no-color"]);
    await ws.run(["apply", "-auto-approve", "-input=false", "-no-color"]);
    const outputs = JSON.parse((await ws.run(["output", "-json"])).stdout) as Record<string, { value: string }>;
    const clientId = outputs.client_id!.value;
    const secretArn = outputs.secret_arn!.value;
    const doc = await readStoredDocument(services, secretArn);
    assert.equal(await tokenStatus(services, doc.client_id, doc.client_secret), 200);

    ws.writeFile("main.tf", readFileSync(join(EXAMPLE, "main.tf"), "utf8"));
    ws.writeFile("versions.tf", readFileSync(join(EXAMPLE, "versions.tf"), "utf8"));
    const apply = await ws.run(["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert.match(apply.stdout, /Apply complete! Resources: 0 added, 0 changed, 2 destroyed/);
    assert.equal(await getClient(services, clientId), undefined, "the client is gone (404)");
    const secret = await describeSecret(services, secretArn);
    assert.ok(!("error" in secret) && secret.DeletedDate instanceof Date, "the secret is scheduled for deletion");
    assert.equal((await ws.run(["state", "list"])).stdout.trim(), "", "nothing left in state");
  });
});
