// Upgrading from the previous release's modules (c9e31ca, which ran the ensure in the data source at plan): state
// those modules made plans with no Genesys and no Secrets Manager write under the new modules, the apply converges
// without touching Genesys (same clients, same secrets), the next plan is empty, and destroy leaves nothing.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { ADMIN_ROLE_ID, HOME_DIVISION_ID } from "../../src/simulator/index.js";
import { startServices, type Services } from "../support/services.js";
import { createTerraformWorkspace, type TerraformWorkspace } from "../support/terraform.js";
import { repoRoot, terraformBinaries } from "../support/toolchain.js";
import { describeSecret, getClient, readStoredDocument, tokenStatus, writeCounts } from "./helpers.js";

const PREVIOUS_RELEASE = "c9e31ca";

function rootConfig(dir: string, modulesDir: string, prefix: string): string {
  const source = (name: string) => JSON.stringify(relative(dir, join(modulesDir, name)));
  const roles = `[{ role_id = "${ADMIN_ROLE_ID}", division_id = "${HOME_DIVISION_ID}" }]`;
  return `
module "single" {
  source                  = ${source("oauth-client")}
  name                    = "${prefix}-single"
  secret_name             = "upgrade/${prefix}/single"
  role_divisions          = ${roles}
  aws_region              = "us-east-1"
  recovery_window_in_days = 0
}
module "many" {
  source = ${source("oauth-clients")}
  clients = {
    a = { name = "${prefix}-a", secret_name = "upgrade/${prefix}/a", role_divisions = ${roles} }
    b = { name = "${prefix}-b", secret_name = "upgrade/${prefix}/b", authorized_grant_type = "CODE", redirect_uris = ["https://app.example.com/cb"] }
  }
  aws_region              = "us-east-1"
  recovery_window_in_days = 0
}
output "single_client_id" { value = module.single.client_id }
output "single_secret_arn" { value = module.single.secret_arn }
output "many" { value = module.many.clients }
`;
}

for (const binary of terraformBinaries()) {
  describe(`${binary.label}: upgrade from ${PREVIOUS_RELEASE}'s modules`, { timeout: 600_000 }, () => {
    let services: Services;
    let ws: TerraformWorkspace;
    let previous: string;
    const prefix = `upgrade-${binary.isOpenTofu ? "tofu" : binary.label.includes("floor") ? "floor" : "tf"}`;
    let before_: { single: string; singleArn: string; many: Record<string, { client_id: string; secret_version_id: string }> };

    before(async () => {
      services = await startServices();
      previous = mkdtempSync(join(tmpdir(), "previous-release-"));
      execFileSync("bash", ["-c", `git -C "$1" archive "$2" terraform/modules | tar -x -C "$3"`, "-", repoRoot, PREVIOUS_RELEASE, previous]);
      ws = createTerraformWorkspace({ terraform: binary.path, env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }) });
    });
    after(async () => {
      if (ws) {
        await ws.run(["destroy", "-auto-approve", "-input=false", "-no-color"], { allowFailure: true }).catch(() => undefined);
        ws.cleanup();
      }
      if (previous) rmSync(previous, { recursive: true, force: true });
      await services?.close();
    });

    const outputs = async () => {
      const { stdout } = await ws.run(["output", "-json"]);
      const parsed = JSON.parse(stdout) as Record<string, { value: unknown }>;
      return {
        single: parsed.single_client_id!.value as string,
        singleArn: parsed.single_secret_arn!.value as string,
        many: parsed.many!.value as Record<string, { client_id: string; secret_version_id: string }>,
      };
    };

    it("the previous release's modules apply (the state to upgrade from)", async () => {
      ws.writeFile("main.tf", rootConfig(ws.dir, join(previous, "terraform", "modules"), prefix));
      await ws.run(["init", "-input=false", "-no-color"]);
      await ws.run(["apply", "-auto-approve", "-input=false", "-no-color"]);
      before_ = await outputs();
      assert.match(before_.single, /^[0-9a-f-]{36}$/);
      assert.deepEqual(Object.keys(before_.many).sort(), ["a", "b"]);
    });

    it("after the upgrade a plan writes nothing, and the destroy hooks keep their place (no replacement)", async () => {
      ws.writeFile("main.tf", rootConfig(ws.dir, join(repoRoot, "terraform", "modules"), prefix));
      await ws.run(["init", "-input=false", "-no-color"]);
      const counts = await writeCounts(services);
      const plan = await ws.run(["plan", "-input=false", "-no-color"]);
      assert.deepEqual(await writeCounts(services), counts, "the upgrade's plan wrote nothing to Genesys or Secrets Manager");
      assert.match(plan.stdout, /# \(moved from module\.single\.terraform_data\.cleanup\)/);
      assert.doesNotMatch(plan.stdout, /terraform_data\.cleanup[^\n]* must be replaced/, "no destroy hook is replaced (that would delete a client)");
    });

    it("the upgrade's apply converges without a Genesys write: same clients, same secret versions", async () => {
      const genesysBefore = await services.simWriteCount();
      const apply = await ws.run(["apply", "-auto-approve", "-input=false", "-no-color"]);
      assert.equal(await services.simWriteCount(), genesysBefore, "no Genesys write");
      assert.match(apply.stdout, /: unchanged/);
      const after_ = await outputs();
      assert.equal(after_.single, before_.single);
      assert.equal(after_.singleArn, before_.singleArn);
      for (const key of ["a", "b"]) {
        assert.equal(after_.many[key]!.client_id, before_.many[key]!.client_id, `many[${key}]: same client`);
        assert.equal(after_.many[key]!.secret_version_id, before_.many[key]!.secret_version_id, `many[${key}]: same secret version`);
      }
      const doc = await readStoredDocument(services, after_.singleArn);
      assert.equal(await tokenStatus(services, doc.client_id, doc.client_secret), 200);
      const steady = await ws.run(["plan", "-detailed-exitcode", "-input=false", "-no-color"], { allowFailure: true });
      assert.equal(steady.code, 0, `the next plan is empty\n${steady.stdout}`);
    });

    it("destroy after the upgrade deletes every client and secret", async () => {
      const ids = [before_.single, before_.many.a!.client_id, before_.many.b!.client_id];
      await ws.run(["destroy", "-auto-approve", "-input=false", "-no-color"]);
      for (const id of ids) assert.equal(await getClient(services, id), undefined, `client ${id} is gone`);
      const secret = await describeSecret(services, before_.singleArn);
      assert.ok("error" in secret && secret.error === "ResourceNotFoundException", "the secret is deleted");
    });
  });
}
