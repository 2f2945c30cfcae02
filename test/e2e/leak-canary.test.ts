// Leak canary: every client secret the simulator issues starts with a recognisable prefix. After a whole lifecycle
// (create, steady plans, a saved plan, rotation, an apply that fails on purpose, runs with TF_LOG=trace, destroy)
// nothing Terraform wrote or printed may contain it: state and backups, saved plans and their JSON, every captured
// stdout and stderr, the trace logs, and every file under the test's temp directory. A hit names file and line.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { startServices, type Services } from "../support/services.js";
import { terraformBinaries } from "../support/toolchain.js";
import {
  MODULE_DIR,
  describeSecret,
  filesUnder,
  findInText,
  localExampleWorkspace,
  readStoredDocument,
  scanDirectory,
  tokenStatus,
  vars,
  type ExampleWorkspace,
  type Hit,
} from "./helpers.js";

const CANARY = `leakcanary-${randomBytes(6).toString("hex")}-`;

for (const binary of terraformBinaries()) {
  describe(`${binary.label}: leak canary: no client secret in anything Terraform stores or prints`, { timeout: 600_000 }, () => {
    let services: Services;
    let example: ExampleWorkspace;
    let artifacts: string;
    let traceRuns = 0;
    // Destroy deletes the secrets at once, so the last check can also see them gone.
    const current: Record<string, string | number> = { recovery_window_in_days: 0 };
    const tf = (args: string[], options: { trace?: boolean; allowFailure?: boolean } = {}) => {
      const env: Record<string, string> = {};
      if (options.trace) {
        traceRuns += 1;
        env.TF_LOG = "trace";
        env.TF_LOG_PATH = join(artifacts, `trace-${traceRuns}-${args[0]}.log`);
        env.GENESYS_OAUTH_SHIM_LOG = "debug"; // the shim's debug lines land in the trace log too
      }
      return example.tf([...args, "-input=false", "-no-color", ...vars(current)], { env, allowFailure: options.allowFailure ?? false });
    };
    /** The secret values seen during the run, in memory only, to prove the canary is really in them. */
    const storedSecrets: string[] = [];
    const remember = async (arn: string): Promise<void> => {
      storedSecrets.push((await readStoredDocument(services, arn)).client_secret);
    };

    before(async () => {
      services = await startServices({ secretPrefix: CANARY });
      example = localExampleWorkspace(services, { terraform: binary.path });
      artifacts = join(example.root, "artifacts");
      mkdirSync(artifacts);
      await example.tf(["init", "-input=false", "-no-color"]);
    });

    after(async () => {
      if (example) {
        await example.tf(["destroy", "-auto-approve", "-input=false", "-no-color", ...vars(current)], { allowFailure: true }).catch(() => undefined);
        example.ws.cleanup();
      }
      await services?.close();
    });

    it("runs the whole lifecycle, with trace logs, a saved plan and a failing apply", async () => {
      // Create, under TF_LOG=trace: the provider logs the program's argv, stdout and stderr.
      await tf(["apply", "-auto-approve"], { trace: true });
      const outputs = await example.outputs();
      await remember(outputs.backend_secret_arn!);
      await remember(outputs.web_app_secret_arn!);

      // Steady state, traced, and a saved plan rendered as JSON.
      await tf(["plan", "-detailed-exitcode"], { trace: true });
      await tf(["plan", `-out=${join(artifacts, "steady.tfplan")}`]);
      const shown = await example.tf(["show", "-json", join(artifacts, "steady.tfplan")]);
      writeFileSync(join(artifacts, "steady.tfplan.json"), shown.stdout);

      // A pending rotation saved as a plan, then applied from the plan file.
      current.rotation_trigger = "canary-rotation-1";
      await tf(["plan", `-out=${join(artifacts, "rotate.tfplan")}`], { trace: true });
      const rotatePlan = await example.tf(["show", "-json", join(artifacts, "rotate.tfplan")]);
      writeFileSync(join(artifacts, "rotate.tfplan.json"), rotatePlan.stdout);
      await example.tf(["apply", "-input=false", "-no-color", join(artifacts, "rotate.tfplan")], {
        env: { TF_LOG: "trace", TF_LOG_PATH: join(artifacts, "trace-apply-plan.log") },
      });
      await remember(outputs.backend_secret_arn!);

      // An apply that fails on purpose while the shim holds a fresh secret: rotate, but Secrets Manager refuses to
      // store it (PutSecretValue faulted through the proxy, more times than any retry budget).
      current.rotation_trigger = "canary-rotation-2";
      services.proxy.failNext("PutSecretValue", 50, { status: 500, type: "InternalServiceError", message: "injected by the leak canary test" });
      const failed = await tf(["apply", "-auto-approve"], { trace: true, allowFailure: true });
      assert.notEqual(failed.code, 0, "the apply with Secrets Manager failing must fail");
      assert.match(failed.stderr, /External Program Execution Failed|genesys-oauth-shim/);
      services.proxy.reset(); // clears the remaining faults

      // An apply Genesys rejects: an extra client whose role does not exist (400 bad.client.role). Terraform's own
      // validations mirror the shim's schema, so a bad value of the right shape is what reaches the shim.
      example.ws.writeFile("canary_bad.tf", badRoleClient(relative(example.ws.dir, MODULE_DIR)));
      await example.tf(["init", "-input=false", "-no-color"]);
      const rejected = await tf(["apply", "-auto-approve"], { trace: true, allowFailure: true });
      assert.notEqual(rejected.code, 0, "the apply with an unknown role must fail");
      assert.match(rejected.stderr, /bad\.client\.role|role/);
      rmSync(join(example.ws.dir, "canary_bad.tf"));

      // Recovery: the next apply converges and the stored secret works.
      await tf(["apply", "-auto-approve"], { trace: true });
      const doc = await readStoredDocument(services, outputs.backend_secret_arn!);
      storedSecrets.push(doc.client_secret);
      assert.equal(await tokenStatus(services, doc.client_id, doc.client_secret), 200, "converged after the failure");

      // Destroy, traced; force delete (recovery window 0).
      await tf(["destroy", "-auto-approve"], { trace: true });
      const gone = await describeSecret(services, outputs.backend_secret_arn!);
      assert.ok("error" in gone && gone.error === "ResourceNotFoundException", "force-deleted secret is gone");
    });

    it("the canary is really in the secrets Secrets Manager held (the scan below is not vacuous)", () => {
      assert.ok(storedSecrets.length >= 4, "secrets were read during the lifecycle");
      for (const secret of storedSecrets) assert.ok(secret.startsWith(CANARY), "every stored client secret carries the canary prefix");
      // And the scanner finds it where it is.
      assert.equal(findInText("in-memory", `x\n{"client_secret":"${storedSecrets[0]}"}\n`, CANARY)[0]?.line, 2);
    });

    it("no file under the test's temp directory and no captured output contains the canary", () => {
      // Captured stdout/stderr of every run, also written to disk so the directory scan covers them too.
      const hits: Hit[] = [];
      example.runs.forEach((run, index) => {
        const name = `run-${String(index + 1).padStart(2, "0")}-${run.args[0]}`;
        writeFileSync(join(artifacts, `${name}.stdout`), run.stdout);
        writeFileSync(join(artifacts, `${name}.stderr`), run.stderr);
        hits.push(...findInText(`${name} stdout (terraform ${run.args.join(" ")})`, run.stdout, CANARY));
        hits.push(...findInText(`${name} stderr (terraform ${run.args.join(" ")})`, run.stderr, CANARY));
      });
      const scan = scanDirectory(example.root, CANARY);
      hits.push(...scan.hits);

      // The scan covered what matters: state and its backup, saved plans and their JSON, trace logs, captured output.
      const files = filesUnder(example.root).map((file) => relative(example.root, file));
      for (const expected of [
        /^work\/terraform\.tfstate$/,
        /^work\/terraform\.tfstate\.backup$/,
        /^artifacts\/steady\.tfplan$/,
        /^artifacts\/rotate\.tfplan\.json$/,
        /^artifacts\/trace-1-apply\.log$/,
        /^artifacts\/run-01-init\.stdout$/,
      ]) {
        assert.ok(
          files.some((file) => expected.test(file)),
          `the scan includes ${expected}`,
        );
      }
      assert.deepEqual(
        hits.map((hit) => `${hit.where}:${hit.line}`),
        [],
        `the canary prefix leaked; each entry is file:line (scanned ${scan.files} files)`,
      );
    });
  });

  /** An extra client whose role does not exist in the simulator. */
  function badRoleClient(moduleSource: string): string {
    return `
  module "canary_bad" {
    source         = ${JSON.stringify(moduleSource)}
    name           = "canary-bad-role"
    secret_name    = "local-example/genesys/canary-bad-role"
    aws_region     = "us-east-1"
    role_divisions = [{ role_id = "00000000-0000-4000-8000-0000000000ff", division_id = "00000000-0000-4000-8000-000000000001" }]
  }
  `;
  }
}
