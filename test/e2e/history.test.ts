// Plans never write and destroy never creates, whatever happened before (issue 16's history matrix). Each row
// starts from a history - a failed, read-only, killed or interrupted run - made with real Terraform (every binary we
// claim), the bundled shim, the simulator and moto. From there:
//   plan      zero Genesys writes and zero Secrets Manager writes (counted at the simulator and at moto's proxy)
//   apply     converges: one live client carrying the secret's claim, a stored secret that obtains a token
//   plan      empty (-detailed-exitcode 0)
//   destroy   leaves nothing: no live client of ours, the secret deleted
import assert from "node:assert/strict";
import { readdirSync, readFileSync, realpathSync } from "node:fs";
import { relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { ADMIN_ROLE_ID, HOME_DIVISION_ID } from "../../src/simulator/index.js";
import { motoSecretsClient } from "../support/inspect.js";
import { spawnTracked, exited } from "../support/processes.js";
import { startServices, type Services } from "../support/services.js";
import { createTerraformWorkspace, type TerraformRunResult, type TerraformWorkspace } from "../support/terraform.js";
import { terraformBinaries, type TerraformBinary } from "../support/toolchain.js";
import { describeSecret, readStoredDocument, tokenStatus, writeCounts, MODULE_DIR } from "./helpers.js";

/** Terraform wraps diagnostics at about 80 columns. */
const oneLine = (text: string) => text.replace(/\s+/g, " ");
const MARKER = /managed by genesys-oauth-shim; claim [0-9a-f]{16}(; slot b)?$/;

/** One root module: one oauth-client (CLIENT-CREDENTIALS) whose name and secret name are the row's own. */
function rootConfig(dir: string, moduleDir: string): string {
  return `
variable "name" { type = string }
variable "read_only" {
  type    = bool
  default = false
}
variable "rotation_trigger" {
  type    = string
  default = null
}
variable "rotation_strategy" {
  type    = string
  default = "in_place"
}
module "client" {
  source                  = ${JSON.stringify(relative(dir, moduleDir))}
  name                    = var.name
  secret_name             = "history/\${var.name}"
  role_divisions          = [{ role_id = "${ADMIN_ROLE_ID}", division_id = "${HOME_DIVISION_ID}" }]
  rotation_trigger        = var.rotation_trigger
  rotation_strategy       = var.rotation_strategy
  read_only               = var.read_only
  aws_region              = "us-east-1"
  recovery_window_in_days = 0
}
output "client_id" { value = module.client.client_id }
output "secret_arn" { value = module.client.secret_arn }
`;
}

interface Row {
  ws: TerraformWorkspace;
  name: string;
  secretName: string;
  /** Variables every plan, apply and destroy of the row gets (a history may change them: what it left is the row's). */
  vars: Record<string, string>;
  tf(
    args: string[],
    options?: { env?: Record<string, string | undefined>; allowFailure?: boolean; vars?: Record<string, string> },
  ): Promise<TerraformRunResult>;
}

function newRow(services: Services, binary: TerraformBinary, name: string): Row {
  const ws = createTerraformWorkspace({ terraform: binary.path, env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }) });
  ws.writeFile("main.tf", rootConfig(ws.dir, MODULE_DIR));
  const row: Row = {
    ws,
    name,
    secretName: `history/${name}`,
    vars: {},
    async tf(args, options = {}) {
      const vars = Object.entries({ name, ...row.vars, ...options.vars }).flatMap(([k, v]) => ["-var", `${k}=${v}`]);
      const withVars = ["plan", "apply", "destroy"].includes(args[0]!) ? [...args, ...vars] : args;
      const result = await ws.run(withVars, { allowFailure: true, ...(options.env ? { env: options.env } : {}) });
      if (result.code !== 0 && !options.allowFailure) {
        throw new Error(`terraform ${args.join(" ")} exited ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`);
      }
      return result;
    },
  };
  return row;
}

/** The clients of this row's name (and its alternating standby's, "<name> (b)") that carry our marker and are not deleted. */
async function liveMarkedClients(services: Services, name: string): Promise<Array<{ id: string; state?: string }>> {
  const clients = (await services.simClients()) as Array<{ id: string; name: string; description?: string; state?: string }>;
  return clients.filter((c) => (c.name === name || c.name === `${name} (b)`) && MARKER.test(c.description ?? "") && c.state !== "deleted");
}

async function readPrevious(services: Services, secretName: string): Promise<{ client_id: string; client_secret: string } | undefined> {
  const client = motoSecretsClient(services);
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretName, VersionStage: "AWSPREVIOUS" }));
    return JSON.parse(out.SecretString!) as { client_id: string; client_secret: string };
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") return undefined;
    throw error;
  } finally {
    client.destroy();
  }
}

/** SIGKILLs the whole process group of a terraform run (what a cancelled CI job does) once `ready` says so. */
async function killTerraformWhen(row: Row, args: string[], ready: () => Promise<boolean>): Promise<void> {
  const vars = Object.entries({ name: row.name, ...row.vars }).flatMap(([k, v]) => ["-var", `${k}=${v}`]);
  const child = spawnTracked(row.ws.terraform, [...args, ...vars], { cwd: row.ws.dir, env: row.ws.env, stdio: "ignore" });
  const deadline = Date.now() + 60_000;
  while (!(await ready())) {
    assert.ok(Date.now() < deadline, "the point to kill at was never reached");
    assert.equal(child.exitCode, null, "terraform ended before the point to kill at");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(-child.pid!, "SIGKILL");
  await exited(child);
}

/** Pids of running shim processes whose argv contains `subcommand`, started in `dir` (this row's workspace only). */
function shimProcesses(subcommand: string, dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const inRow = realpathSync(`/proc/${entry}/cwd`) === realpathSync(dir);
      if (inRow && argv.some((a) => a.endsWith("genesys-oauth-shim.mjs")) && argv.includes(subcommand)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

async function requestsSoFar(services: Services, route: string): Promise<number> {
  return (await services.simCounters())[route] ?? 0;
}

const CREATE = "POST /api/v2/oauth/clients";
const REGENERATE = "POST /api/v2/oauth/clients/{id}/secret";

/**
 * An apply whose ensure step is SIGKILLed while its request on `route` is in flight (the simulator holds it 4 s, then
 * applies it: the answer is lost, the write is not).
 */
async function killShimMidRequest(services: Services, row: Row, route: string, vars: Record<string, string>): Promise<void> {
  await services.simFault({ route, fault: "delay", delayMs: 4000, times: 1 });
  const before = await requestsSoFar(services, route);
  const apply = row.tf(["apply", "-auto-approve", "-input=false", "-no-color"], { vars, allowFailure: true });
  const deadline = Date.now() + 60_000;
  while ((await requestsSoFar(services, route)) === before) {
    assert.ok(Date.now() < deadline, `${route} never arrived`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pids = shimProcesses("ensure", row.ws.dir);
  assert.equal(pids.length, 1, "one ensure step is running");
  process.kill(pids[0]!, "SIGKILL");
  assert.notEqual((await apply).code, 0, "the apply failed");
}

const DELETE = "DELETE /api/v2/oauth/clients/{id}";

/** The histories. Each leaves the row's workspace in some state; the checks that follow are the same for all. */
const HISTORIES: Record<string, (services: Services, row: Row) => Promise<void>> = {
  "a first apply that failed: no Genesys credentials": async (_services, row) => {
    const run = await row.tf(["apply", "-auto-approve", "-input=false", "-no-color"], {
      env: { GENESYSCLOUD_OAUTHCLIENT_ID: "", GENESYSCLOUD_OAUTHCLIENT_SECRET: "" },
      allowFailure: true,
    });
    assert.notEqual(run.code, 0);
    assert.match(oneLine(run.stderr), /GENESYSCLOUD_OAUTHCLIENT_ID/);
  },
  "a first apply that failed: Genesys failed the create": async (services, row) => {
    await services.simFault({ route: CREATE, fault: "status", status: 500, times: 1 });
    const run = await row.tf(["apply", "-auto-approve", "-input=false", "-no-color"], { allowFailure: true });
    assert.notEqual(run.code, 0, "the apply failed");
    const state = await row.tf(["state", "list"]);
    assert.match(state.stdout, /terraform_data\.cleanup/, "the destroy hook is in state although no ensure succeeded");
  },
  "a read-only apply that failed on a pending rotation": async (_services, row) => {
    await row.tf(["apply", "-auto-approve", "-input=false", "-no-color"]);
    const run = await row.tf(["apply", "-auto-approve", "-input=false", "-no-color"], {
      vars: { read_only: "true", rotation_trigger: "r1" },
      allowFailure: true,
    });
    assert.notEqual(run.code, 0);
    assert.match(run.stdout + run.stderr, /read-only mode: nothing was written/);
  },
  "an apply whose terraform was SIGKILLed mid-ensure": async (services, row) => {
    await services.simFault({ route: CREATE, fault: "delay", delayMs: 4000, times: 1 });
    const before = await requestsSoFar(services, CREATE);
    await killTerraformWhen(row, ["apply", "-auto-approve", "-input=false", "-no-color"], async () => (await requestsSoFar(services, CREATE)) > before);
  },
  "an apply whose shim was SIGKILLed mid-ensure": async (services, row) => {
    await killShimMidRequest(services, row, CREATE, {});
  },
  "alternating: a rotation whose shim was SIGKILLed mid-regenerate of the standby, then the trigger went back": async (services, row) => {
    row.vars = { rotation_strategy: "alternating", rotation_trigger: "r1" };
    await row.tf(["apply", "-auto-approve", "-input=false", "-no-color"]);
    row.vars.rotation_trigger = "r2";
    await row.tf(["apply", "-auto-approve", "-input=false", "-no-color"]); // AWSPREVIOUS: the standby's, working
    await killShimMidRequest(services, row, REGENERATE, { rotation_trigger: "r3" });
  },
  "alternating, then a switch to in_place whose terraform was SIGKILLed mid-delete of the standby": async (services, row) => {
    row.vars = { rotation_strategy: "alternating", rotation_trigger: "r1" };
    await row.tf(["apply", "-auto-approve", "-input=false", "-no-color"]);
    row.vars.rotation_trigger = "r2";
    await row.tf(["apply", "-auto-approve", "-input=false", "-no-color"]);
    row.vars.rotation_strategy = "in_place";
    await services.simFault({ route: DELETE, fault: "delay", delayMs: 4000, times: 1 });
    const before = await requestsSoFar(services, DELETE);
    await killTerraformWhen(row, ["apply", "-auto-approve", "-input=false", "-no-color"], async () => (await requestsSoFar(services, DELETE)) > before);
  },
  "a destroy interrupted mid-delete": async (services, row) => {
    await row.tf(["apply", "-auto-approve", "-input=false", "-no-color"]);
    await services.simFault({ route: DELETE, fault: "delay", delayMs: 4000, times: 1 });
    const before = await requestsSoFar(services, DELETE);
    await killTerraformWhen(row, ["destroy", "-auto-approve", "-input=false", "-no-color"], async () => (await requestsSoFar(services, DELETE)) > before);
  },
};

for (const binary of terraformBinaries()) {
  describe(`${binary.label}: plans never write and destroy never creates, after any history`, { timeout: 900_000 }, () => {
    let services: Services;
    const rows: Row[] = [];
    before(async () => {
      services = await startServices();
    });
    after(async () => {
      for (const row of rows) row.ws.cleanup();
      await services?.close();
    });

    let index = 0;
    for (const [history, make] of Object.entries(HISTORIES)) {
      const name = `history-${++index}`;
      it(`${history}: then plan writes nothing, apply converges, destroy leaves nothing`, async () => {
        const row = newRow(services, binary, name);
        rows.push(row);
        await row.tf(["init", "-input=false", "-no-color"]);
        await make(services, row);
        await new Promise((resolve) => setTimeout(resolve, 4500)); // a delayed request still in the simulator ends

        const beforePlan = await writeCounts(services);
        await row.tf(["plan", "-input=false", "-no-color"]);
        assert.deepEqual(await writeCounts(services), beforePlan, "the plan wrote nothing to Genesys or Secrets Manager");

        const apply = await row.tf(["apply", "-auto-approve", "-input=false", "-no-color"]);
        assert.match(
          apply.stdout,
          /OAuth client "history-\d+( \(b\))?" \([0-9a-f-]{36}\), secret history\/history-\d+ version [\w-]+: \w+/,
          "the apply says what it did",
        );
        const live = await liveMarkedClients(services, name);
        const alternating = row.vars.rotation_strategy === "alternating";
        assert.equal(live.length, alternating ? 2 : 1, `${alternating ? "two live clients" : "one live client"} after the apply: ${JSON.stringify(live)}`);
        const doc = await readStoredDocument(services, row.secretName);
        assert.ok(
          live.some((client) => client.id === doc.client_id),
          "the secret holds a live client's credentials",
        );
        assert.equal(await tokenStatus(services, doc.client_id, doc.client_secret), 200, "the stored secret obtains a token");
        const previous = await readPrevious(services, row.secretName);
        if (!alternating) assert.equal(previous, undefined, "in_place: no AWSPREVIOUS");
        else if (previous) assert.equal(await tokenStatus(services, previous.client_id, previous.client_secret), 200, "AWSPREVIOUS obtains a token");
        const steady = await row.tf(["plan", "-detailed-exitcode", "-input=false", "-no-color"], { allowFailure: true });
        assert.equal(steady.code, 0, `converged: the next plan is empty\n${steady.stdout}`);

        const beforeDestroyCreates = await requestsSoFar(services, CREATE);
        const destroy = await row.tf(["destroy", "-auto-approve", "-input=false", "-no-color"]);
        assert.match(destroy.stdout, /Destroy complete!/);
        assert.equal(await requestsSoFar(services, CREATE), beforeDestroyCreates, "destroy created nothing");
        assert.deepEqual(await liveMarkedClients(services, name), [], "no live client of ours is left");
        const secret = await describeSecret(services, row.secretName);
        assert.ok("error" in secret && secret.error === "ResourceNotFoundException", `the secret is gone: ${JSON.stringify(secret)}`);
      });
    }

    it("a first apply that failed without credentials, then destroy still without them: completes and creates nothing", async () => {
      const row = newRow(services, binary, `history-nocreds`);
      rows.push(row);
      const noCredentials = { GENESYSCLOUD_OAUTHCLIENT_ID: "", GENESYSCLOUD_OAUTHCLIENT_SECRET: "" };
      await row.tf(["init", "-input=false", "-no-color"]);
      const before = await writeCounts(services);
      const apply = await row.tf(["apply", "-auto-approve", "-input=false", "-no-color"], { env: noCredentials, allowFailure: true });
      assert.notEqual(apply.code, 0);
      const destroy = await row.tf(["destroy", "-auto-approve", "-input=false", "-no-color"], { env: noCredentials });
      assert.match(destroy.stdout, /Destroy complete!/);
      assert.deepEqual(await writeCounts(services), before, "neither the failed apply nor the destroy wrote anything");
      assert.deepEqual(await liveMarkedClients(services, row.name), []);
    });

    it("a foreign secret under secret_name: the plan fails naming it and writes nothing; destroy completes and keeps it", async () => {
      const row = newRow(services, binary, `history-foreign`);
      rows.push(row);
      const sm = motoSecretsClient(services);
      try {
        await sm.send(new CreateSecretCommand({ Name: row.secretName, SecretString: "someone else's" }));
      } finally {
        sm.destroy();
      }
      await row.tf(["init", "-input=false", "-no-color"]);
      const beforePlan = await writeCounts(services);
      const plan = await row.tf(["plan", "-input=false", "-no-color"], { allowFailure: true });
      assert.notEqual(plan.code, 0);
      assert.match(oneLine(plan.stderr), /was not created by genesys-oauth-shim/);
      assert.deepEqual(await writeCounts(services), beforePlan, "the failed plan wrote nothing");
      const destroy = await row.tf(["destroy", "-auto-approve", "-input=false", "-no-color"]);
      assert.match(destroy.stdout, /Destroy complete!/);
      const kept = await describeSecret(services, row.secretName);
      assert.ok(!("error" in kept) && kept.DeletedDate === undefined, "the foreign secret is kept");
    });
  });
}
