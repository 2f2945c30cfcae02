// terraform/modules/oauth-clients through its life with real Terraform, hashicorp/external (offline mirror), the
// bundled shim, the simulator and moto: three keys applied from ONE shim run, a no-change plan that writes nothing
// and costs one token, one key changed (only it is updated), one removed (only it is deleted), one failing while the
// others converge and keep their destroy hooks (the error names the key), destroy. Every issued secret starts with
// a canary; nothing Terraform stored or printed may contain it. The steps share one workspace and run in order.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { ADMIN_ROLE_ID, HOME_DIVISION_ID } from "../../src/simulator/index.js";
import { startServices, type Services } from "../support/services.js";
import { createTerraformWorkspace, type TerraformRunResult, type TerraformWorkspace } from "../support/terraform.js";
import { repoRoot, terraformBinaries } from "../support/toolchain.js";
import { describeSecret, findInText, getClient, readStoredDocument, scanDirectory, tokenStatus, writeCounts, type Hit } from "./helpers.js";

const MANY_MODULE_DIR = join(repoRoot, "terraform", "modules", "oauth-clients");
const CANARY = `manycanary-${randomBytes(6).toString("hex")}-`;
const UNKNOWN_ROLE = "00000000-0000-4000-8000-0000000000ff";

type ClientSpec = { name: string; secret_name: string; description?: string; role_divisions: { role_id: string; division_id: string }[] };

const spec = (key: string, extra: Partial<ClientSpec> = {}): ClientSpec => ({
  name: `many-e2e-${key}`,
  secret_name: `many-e2e/${key}`,
  role_divisions: [{ role_id: ADMIN_ROLE_ID, division_id: HOME_DIVISION_ID }],
  ...extra,
});

function rootConfig(source: string): string {
  return `module "many" {
  source = ${JSON.stringify(source)}

  clients                 = var.clients
  aws_region              = "us-east-1"
  recovery_window_in_days = 0
  read_only               = var.read_only
}

variable "read_only" {
  type    = bool
  default = false
}

variable "clients" {
  type = map(object({
    name           = string
    secret_name    = string
    description    = optional(string)
    role_divisions = list(object({ role_id = string, division_id = string }))
  }))
}

output "clients" {
  value = module.many.clients
}
`;
}

type Outputs = Record<
  string,
  { client_id: string; standby_client_id: string; client_ids: string[]; secret_arn: string; secret_name: string; secret_version_id: string }
>;

for (const binary of terraformBinaries()) {
  describe(`${binary.label}: terraform/modules/oauth-clients (one shim run for many clients)`, { timeout: 600_000 }, () => {
    let services: Services;
    let ws: TerraformWorkspace;
    const runs: { args: readonly string[]; result: TerraformRunResult }[] = [];
    let clients: Record<string, ClientSpec> = { alpha: spec("alpha"), beta: spec("beta"), gamma: spec("gamma") };
    let outputs: Outputs;
    let logFile = "";
    const shimLog = () => (existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-60).join("\n") : "(no shim log)");

    const tf = async (args: string[], options: { allowFailure?: boolean; env?: Record<string, string> } = {}): Promise<TerraformRunResult> => {
      ws.writeFile("terraform.tfvars.json", JSON.stringify({ clients }));
      const result = await ws.run([...args, "-input=false", "-no-color"], { allowFailure: true, ...(options.env ? { env: options.env } : {}) });
      runs.push({ args, result });
      if (result.code !== 0 && !options.allowFailure) throw new Error(`terraform ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
      return result;
    };
    const readOutputs = async (): Promise<Outputs> => {
      const shown = await ws.run(["output", "-json"]);
      runs.push({ args: ["output"], result: shown });
      return (JSON.parse(shown.stdout) as { clients: { value: Outputs } }).clients.value;
    };
    const resetCounters = async (): Promise<void> => {
      services.proxy.reset();
      await fetch(`${services.sim.apiUrl}/__sim/reset`, { method: "POST" }).then((r) => r.body?.cancel());
    };

    before(async () => {
      services = await startServices({ secretPrefix: CANARY });
      ws = createTerraformWorkspace({ env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }), terraform: binary.path });
      // Every shim line (debug included) also goes to a file in the workspace: shown on failure, scanned by the canary.
      logFile = join(ws.dir, "..", "shim.log");
      ws.env.GENESYS_OAUTH_SHIM_LOG = "debug";
      ws.env.GENESYS_OAUTH_SHIM_LOG_FILE = logFile;
      ws.writeFile("main.tf", rootConfig(relative(ws.dir, MANY_MODULE_DIR)));
      await tf(["init"]);
    });

    after(async () => {
      if (ws) {
        await ws.run(["destroy", "-auto-approve", "-input=false", "-no-color"], { allowFailure: true }).catch(() => undefined);
        ws.cleanup();
      }
      await services?.close();
    });

    it("a bad key fails the plan with oauth-client's wording, naming the key, before the shim runs", async () => {
      // One mistake per plan: OpenTofu reports only the first failing validation rule of a variable.
      const good = clients;
      const planWith = async (extra: Record<string, ClientSpec>): Promise<string> => {
        clients = { ...good, ...extra };
        const run = await tf(["plan"], { allowFailure: true });
        clients = good;
        assert.equal(run.code, 1);
        return run.stderr.replace(/\s+/g, " ");
      };
      assert.match(await planWith({ blank: spec("blank", { name: " " }) }), /clients\["blank"\]: name must be a non-empty string of at most 255 characters\./);
      assert.match(
        await planWith({ twin: spec("twin", { secret_name: "many-e2e/alpha" }) }),
        /clients\["alpha"\], clients\["twin"\]: secret_name must be unique across the keys/,
      );
      assert.deepEqual(await services.simCounters(), {}, "the shim never ran");
    });

    it("plans three new clients without any write (the one read waits for apply)", async () => {
      const { stdout } = await tf(["plan"]);
      assert.match(stdout, /module\.many\.data\.external\.result will be read during apply/);
      assert.match(stdout, /Plan: 6 to add, 0 to change, 0 to destroy/);
      assert.deepEqual(await writeCounts(services), { genesys: 0, secretsManager: 0 });
    });

    it("apply creates the three clients with one session token and outputs ids and ARNs per key", async () => {
      await resetCounters();
      // Traced: the provider logs the program's query, stdout and stderr (scanned for the canary at the end).
      await tf(["apply", "-auto-approve"], { env: { TF_LOG: "trace", TF_LOG_PATH: join(ws.dir, "..", "trace-create.log") } });
      // The plan's status read: one session token for all keys. Each key's apply-time ensure step is its own run with
      // its own token, plus the test-secret step's one token request with each newly stored client secret (it proves
      // the stored secret authenticates before the run reports success).
      assert.equal((await services.simCounters())["POST /oauth/token"], 1 + 3 + 3, "one token for the status, one per ensure step, one test per stored secret");
      assert.equal(services.proxy.counts().CreateSecret, 3);
      outputs = await readOutputs();
      assert.deepEqual(Object.keys(outputs).sort(), ["alpha", "beta", "gamma"]);
      for (const [key, out] of Object.entries(outputs)) {
        assert.deepEqual(Object.keys(out).sort(), ["client_id", "client_ids", "secret_arn", "secret_name", "secret_version_id", "standby_client_id"]);
        assert.equal(out.standby_client_id, "", "in_place: no standby");
        assert.deepEqual(out.client_ids, [out.client_id]);
        assert.equal((await getClient(services, out.client_id))?.name, `many-e2e-${key}`);
        const doc = await readStoredDocument(services, out.secret_arn);
        assert.equal(doc.client_id, out.client_id);
        assert.ok(doc.client_secret.startsWith(CANARY), "the secret carries the canary (the scan at the end is not vacuous)");
        assert.equal(await tokenStatus(services, doc.client_id, doc.client_secret), 200);
      }
    });

    it("a no-change plan is empty, writes nothing, and costs 1 token, 3 client reads and 3 + 3 DescribeSecret", async () => {
      await resetCounters();
      const run = await tf(["plan", "-detailed-exitcode"], { allowFailure: true });
      assert.equal(run.code, 0, `plan -detailed-exitcode should exit 0\n${run.stdout}\n${run.stderr}`);
      // The status read (token, GET and DescribeSecret per key) and the result read (DescribeSecret per key).
      assert.deepEqual(await services.simCounters(), { "POST /oauth/token": 1, "GET /api/v2/oauth/clients/{id}": 3 });
      assert.deepEqual(services.proxy.counts(), { DescribeSecret: 6 });

      // read_only switches without being a change, and its plan writes nothing either.
      const readOnly = await tf(["plan", "-detailed-exitcode", "-var", "read_only=true"], { allowFailure: true });
      assert.equal(readOnly.code, 0, `read_only is not a change\n${readOnly.stdout}\n${readOnly.stderr}`);
      assert.deepEqual(await writeCounts(services), { genesys: 0, secretsManager: 0 });
    });

    it("changing one key's description updates only that client (one PUT, nothing else written)", async () => {
      clients.beta = spec("beta", { description: "changed by the e2e test" });
      const plan = await tf(["plan"]);
      // Only beta's apply-time ensure step runs (Terraform replaces it to run it); nothing else changes.
      assert.match(plan.stdout, /module\.many\.terraform_data\.ensure\["beta"\] must be replaced/);
      assert.doesNotMatch(plan.stdout, /# module\.many\.terraform_data\.(ensure|cleanup)\["(alpha|gamma)"\]/);
      assert.match(plan.stdout, /Plan: 1 to add, 0 to change, 1 to destroy/);
      await resetCounters();
      await tf(["apply", "-auto-approve"]);
      assert.deepEqual(await services.simWrites(), { "PUT /api/v2/oauth/clients/{id}": 1 });
      // The ensure step records the generation it ran for (what the next plan's status compares with): one tag.
      assert.equal(services.proxy.writeCount(), 1);
      assert.equal(services.proxy.counts().TagResource, 1);
      assert.deepEqual(await readOutputs(), outputs, "same ids, same secret versions");
      assert.match((await getClient(services, outputs.beta!.client_id))?.description ?? "", /^changed by the e2e test\n/);
      assert.match((await getClient(services, outputs.alpha!.client_id))?.description ?? "", /^managed by genesys-oauth-shim/);
      const steady = await tf(["plan", "-detailed-exitcode"], { allowFailure: true });
      assert.equal(steady.code, 0, steady.stdout);
    });

    it("removing one key deletes only that client and secret", async () => {
      delete clients.gamma;
      const plan = await tf(["plan"]);
      assert.match(plan.stdout, /Plan: 0 to add, 0 to change, 2 to destroy/);
      assert.match(plan.stdout, /module\.many\.terraform_data\.cleanup\["gamma"\] will be destroyed/);
      await resetCounters();
      await tf(["apply", "-auto-approve"]);
      assert.equal(await getClient(services, outputs.gamma!.client_id), undefined, "gamma's client is gone (404)");
      const gone = await describeSecret(services, outputs.gamma!.secret_arn);
      assert.ok("error" in gone && gone.error === "ResourceNotFoundException", "gamma's secret is deleted (recovery window 0)");
      // gamma's deactivate (PUT) and DELETE only; alpha and beta untouched.
      assert.deepEqual(await services.simWrites(), { "PUT /api/v2/oauth/clients/{id}": 1, "DELETE /api/v2/oauth/clients/{id}": 1 }, shimLog());
      assert.deepEqual(services.proxy.counts().DeleteSecret, 1);
      const after = await readOutputs();
      assert.deepEqual(after, { alpha: outputs.alpha, beta: outputs.beta });
      for (const key of ["alpha", "beta"] as const) assert.ok(await getClient(services, after[key]!.client_id), `${key} still exists`);
      outputs = after;
    });

    it("one key failing (a role Genesys rejects) fails the run naming it; the others converge and keep their hooks", async () => {
      clients.delta = spec("delta");
      clients.broken = spec("broken", { role_divisions: [{ role_id: UNKNOWN_ROLE, division_id: HOME_DIVISION_ID }] });
      const failed = await tf(["apply", "-auto-approve"], {
        allowFailure: true,
        env: { TF_LOG: "trace", TF_LOG_PATH: join(ws.dir, "..", "trace-failing.log") },
      });
      assert.notEqual(failed.code, 0, "the apply fails");
      const failedOutput = (failed.stdout + failed.stderr).replace(/\s+/g, " ");
      assert.match(failedOutput, /terraform_data\.ensure\["broken"\] \(local-exec\): genesys-oauth-shim: create OAuth client failed: .*bad\.client\.role/);
      for (const line of (failed.stdout + failed.stderr).split("\n")) {
        assert.doesNotMatch(line, /terraform_data\.ensure\["(alpha|beta|delta)"\] \(local-exec\): genesys-oauth-shim: .*failed/);
      }
      const state = (await ws.run(["state", "list"])).stdout;
      assert.match(state, /module\.many\.terraform_data\.ensure\["delta"\]/, "the good key's ensure step is recorded");
      assert.match(state, /module\.many\.terraform_data\.cleanup\["broken"\]/, "the broken key's destroy hook exists (it needs no successful apply)");
      const doc = await readStoredDocument(services, "many-e2e/delta");
      assert.equal(await tokenStatus(services, doc.client_id, doc.client_secret), 200, "delta converged despite broken");

      // Fixed, the next apply converges it and touches nobody else (no claim wait: nothing else is creating it).
      clients.broken = spec("broken");
      await resetCounters();
      await tf(["apply", "-auto-approve"]);
      assert.deepEqual(await services.simWrites(), { "POST /api/v2/oauth/clients": 1 });
      const fixed = await readOutputs();
      assert.deepEqual(Object.keys(fixed).sort(), ["alpha", "beta", "broken", "delta"]);
      assert.deepEqual({ alpha: fixed.alpha, beta: fixed.beta }, { alpha: outputs.alpha, beta: outputs.beta });
      assert.equal(fixed.delta!.client_id, doc.client_id);
      outputs = fixed;
    });

    it("destroy deletes every client (404) and secret, and leaves nothing in state", async () => {
      const { stdout } = await tf(["destroy", "-auto-approve"]);
      assert.match(stdout, /Destroy complete! Resources: 8 destroyed/);
      for (const out of Object.values(outputs)) {
        assert.equal(await getClient(services, out.client_id), undefined);
        const secret = await describeSecret(services, out.secret_arn);
        assert.ok("error" in secret && secret.error === "ResourceNotFoundException", `${out.secret_name} is deleted`);
      }
      assert.equal((await ws.run(["state", "list"])).stdout.trim(), "");
    });

    it("no client secret anywhere: not in any Terraform output, state, plan or file of the workspace", () => {
      const hits: Hit[] = runs.flatMap(({ args, result }, i) => [
        ...findInText(`run ${i} (${args.join(" ")}) stdout`, result.stdout, CANARY),
        ...findInText(`run ${i} (${args.join(" ")}) stderr`, result.stderr, CANARY),
      ]);
      const scanned = scanDirectory(join(ws.dir, ".."), CANARY);
      assert.ok(scanned.files > 3, "the workspace holds state and configuration to scan");
      for (const name of ["trace-create.log", "trace-failing.log", "shim.log"])
        assert.ok(existsSync(join(ws.dir, "..", name)), `${name} was written and scanned`);
      assert.deepEqual([...hits, ...scanned.hits], []);
    });
  });
}
