// terraform/examples/scheduled-rotation with real Terraform, hashicorp/time's time_rotating (built into the offline
// mirror like hashicorp/external), the bundled shim, the simulator and moto. The first apply runs with a
// time_rotating base in the past (an override file, as if the resource had been created rotation_days ago), so the
// rotation is due at once: the next plan shows it pending, the apply rotates, and then the plan is empty.
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { startServices, type Services } from "../support/services.js";
import { createTerraformWorkspace, type TerraformWorkspace } from "../support/terraform.js";
import { repoRoot, terraformBinaries, terraformMirrorDir, timeProviderBin } from "../support/toolchain.js";
import { describeSecret, MODULE_DIR, readStoredDocument, scanDirectory, tokenStatus, vars, writeCounts } from "./helpers.js";

const EXAMPLE = join(repoRoot, "terraform", "examples", "scheduled-rotation");
const ROTATION_DAYS = 30;
const OVERRIDE = "time_override.tf";

// Seeded, fixed ids of the simulator (docs/SIMULATOR.md).
const VARS = vars({
  name: "scheduled-rotation-e2e",
  secret_name: "e2e/scheduled-rotation",
  division_id: "00000000-0000-4000-8000-000000000001",
  role_ids: '["00000000-0000-4000-8000-0000000000a2"]',
  rotation_days: ROTATION_DAYS,
  recovery_window_in_days: 0,
});

for (const binary of terraformBinaries()) {
  describe(`${binary.label}: scheduled rotation with time_rotating (real Terraform, simulator, moto)`, { timeout: 600_000 }, () => {
    let services: Services;
    let ws: TerraformWorkspace;
    const output: string[] = [];
    const secrets: string[] = [];
    let first: Record<string, string>;

    let strategy = "in_place";
    const tf = async (args: string[], allowFailure = false) => {
      const withVars = args[0] === "output" ? [] : [...VARS, "-var", `rotation_strategy=${strategy}`];
      const run = await ws.run([...args, "-input=false", "-no-color", ...withVars], { allowFailure });
      output.push(run.stdout, run.stderr);
      return run;
    };
    const outputs = async (): Promise<Record<string, string>> => {
      const parsed = JSON.parse((await ws.run(["output", "-json"])).stdout) as Record<string, { value: unknown }>;
      return Object.fromEntries(Object.entries(parsed).map(([name, o]) => [name, String(o.value)]));
    };

    before(async () => {
      if (terraformMirrorDir() !== undefined) timeProviderBin(); // fails (never skips) when toolchain.sh did not build it
      services = await startServices();
      ws = createTerraformWorkspace({
        copyFrom: EXAMPLE,
        terraform: binary.path,
        env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }),
      });
      const main = readFileSync(join(ws.dir, "main.tf"), "utf8");
      const rewritten = main.replaceAll('"../../modules/oauth-client"', JSON.stringify(relative(ws.dir, MODULE_DIR)));
      assert.notEqual(rewritten, main, "examples/scheduled-rotation/main.tf should use ../../modules/oauth-client");
      ws.writeFile("main.tf", rewritten);
      await tf(["init"]);
    });

    after(async () => {
      if (ws) {
        await tf(["destroy", "-auto-approve"], true).catch(() => undefined);
        ws.cleanup();
      }
      await services?.close();
    });

    it("apply with a base time rotation_days + 1 hour ago creates the client; its rotation is already due", async () => {
      const base = new Date(Date.now() - (ROTATION_DAYS * 24 + 1) * 3600_000).toISOString().replace(/\.\d+Z$/, "Z");
      ws.writeFile(OVERRIDE, `resource "time_rotating" "client_secret" {\n  rfc3339 = "${base}"\n}\n`);
      await tf(["apply", "-auto-approve"]);
      first = await outputs();
      assert.ok(Date.parse(first.next_rotation!) < Date.now(), `next_rotation ${first.next_rotation} is in the past`);
      const doc = await readStoredDocument(services, first.secret_arn!);
      secrets.push(doc.client_secret);
      assert.equal(doc.client_id, first.client_id);
      assert.equal(await tokenStatus(services, doc.client_id, doc.client_secret), 200);
      // From now on the configuration is the example's own: no base time.
      rmSync(join(ws.dir, OVERRIDE));
    });

    it("the next plan shows the rotation pending (time_rotating expired) and writes nothing", async () => {
      const before = await writeCounts(services);
      const plan = await tf(["plan", "-detailed-exitcode"], true);
      assert.equal(plan.code, 2, `plan -detailed-exitcode should exit 2 (changes)\n${plan.stdout}\n${plan.stderr}`);
      // "will be created", not "must be replaced": the provider dropped the expired resource at refresh; the removed
      // override alone would change nothing.
      assert.match(plan.stdout, /time_rotating\.client_secret will be created/);
      assert.match(plan.stdout, /module\.integration\.module\.clients\.terraform_data\.ensure\["this"\] must be replaced/);
      // The trigger is unknown until apply; the destroy hook must not be replaced (that would delete the client).
      assert.doesNotMatch(plan.stdout, /terraform_data\.cleanup\["this"\] must be replaced/);
      assert.match(plan.stdout, /Plan: 2 to add, 0 to change, 1 to destroy/);
      assert.deepEqual(await writeCounts(services), before, "plan wrote nothing to Genesys or Secrets Manager");
    });

    it("apply rotates: new secret version, old secret refused at the token endpoint, new one accepted", async () => {
      const apply = await tf(["apply", "-auto-approve"]);
      assert.match(apply.stdout, /\(local-exec\): genesys-oauth-shim: OAuth client .*: rotated its secret$/m, apply.stdout);
      assert.doesNotMatch(apply.stdout, /deleted OAuth client/, "the rotation deleted nothing");
      const after = await outputs();
      assert.equal(after.client_id, first.client_id, "rotation keeps the client");
      assert.equal(after.secret_arn, first.secret_arn, "the same secret");
      assert.notEqual(after.secret_version_id, first.secret_version_id, "a new secret version");
      const nextRotation = Date.parse(after.next_rotation!);
      assert.ok(nextRotation > Date.now() + (ROTATION_DAYS - 1) * 86400_000, `next_rotation ${after.next_rotation} is ~${ROTATION_DAYS} days ahead`);
      const rotated = await readStoredDocument(services, after.secret_arn!);
      secrets.push(rotated.client_secret);
      assert.notEqual(rotated.client_secret, secrets[0], "the stored secret changed");
      assert.equal(await tokenStatus(services, first.client_id!, secrets[0]!), 401, "the old secret is refused");
      assert.equal(await tokenStatus(services, rotated.client_id, rotated.client_secret), 200, "the new secret is accepted");
      const described = await describeSecret(services, after.secret_arn!);
      assert.ok(!("error" in described));
      assert.ok(
        !Object.values(described.VersionIdsToStages ?? {}).some((stages) => stages.includes("AWSPREVIOUS")),
        "no version labels the dead secret AWSPREVIOUS",
      );
    });

    it("then the plan is empty (exit 0) until rotation_days have passed again", async () => {
      const plan = await tf(["plan", "-detailed-exitcode"], true);
      assert.equal(plan.code, 0, `converged after the rotation\n${plan.stdout}\n${plan.stderr}`);
      assert.match(plan.stdout, /No changes/);
    });

    it("rotation_strategy alternating: the switch rotates nothing; the next due rotation keeps the previous secret working", async () => {
      strategy = "alternating";
      const switched = await tf(["apply", "-auto-approve"]);
      assert.doesNotMatch(switched.stdout, /rotated/, "switching is not a rotation");
      const before = await outputs();
      assert.ok(before.standby_client_id, "a standby client exists");
      // The schedule's next due date, now: -replace gives time_rotating a new id, as its expiry would.
      const apply = await tf(["apply", "-auto-approve", "-replace=time_rotating.client_secret"]);
      assert.match(apply.stdout, /rotated to its standby/, apply.stdout);
      const after = await outputs();
      assert.equal(after.client_id, before.standby_client_id, "the standby took over");
      const rotated = await readStoredDocument(services, after.secret_arn!);
      secrets.push(rotated.client_secret);
      assert.equal(await tokenStatus(services, rotated.client_id, rotated.client_secret), 200, "the new secret is accepted");
      assert.equal(await tokenStatus(services, first.client_id!, secrets[1]!), 200, "the previous secret still works");
      const plan = await tf(["plan", "-detailed-exitcode"], true);
      assert.equal(plan.code, 0, `converged\n${plan.stdout}`);
    });

    it("no client secret in any output, state or file of the workspace", async () => {
      assert.equal(secrets.length, 3);
      for (const secret of secrets) {
        assert.ok(!output.some((text) => text.includes(secret)), "a client secret appeared in Terraform's output");
        const { files, hits } = scanDirectory(join(ws.dir, ".."), secret);
        assert.ok(files > 0);
        assert.deepEqual(hits, [], "a client secret appeared in a file under the workspace");
      }
    });
  });
}
