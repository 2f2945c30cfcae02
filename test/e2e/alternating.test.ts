// rotation_strategy = "alternating" (issue 17) end to end: terraform/modules/oauth-client under real Terraform (every
// binary we claim), hashicorp/external from the offline mirror, the bundled shim, the simulator and moto. One
// workspace per binary, its steps in order: create (two clients, "<name>" and "<name> (b)"), an empty plan, three
// rotations (each regenerates only the standby and swaps; AWSPREVIOUS keeps working) while an application keeps asking
// for tokens, a switch to in_place and back, drift of the standby and of the current client, and destroy. Every
// simulator secret starts with a canary; at the end no output, state, saved plan, trace log or other file under the
// workspace may contain it.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { EMPLOYEE_ROLE_ID, HOME_DIVISION_ID } from "../../src/simulator/index.js";
import { NODE_CONSUMER } from "../support/consumer-process.js";
import { motoSecretsClient } from "../support/inspect.js";
import { startServices, type Services } from "../support/services.js";
import { createTerraformWorkspace, type TerraformRunResult, type TerraformWorkspace } from "../support/terraform.js";
import { terraformBinaries } from "../support/toolchain.js";
import {
  MODULE_DIR,
  deleteClientAsAdmin,
  describeSecret,
  filesUnder,
  findInText,
  getClient,
  scanDirectory,
  tokenStatus,
  writeCounts,
  type Hit,
  type RecordedRun,
} from "./helpers.js";

const CANARY = `altcanary-${randomBytes(6).toString("hex")}-`;
const NAME = "alternating-e2e";
const STANDBY_NAME = `${NAME} (b)`;
const SECRET_NAME = "e2e/alternating";
const REGENERATE = "POST /api/v2/oauth/clients/{id}/secret";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The root module: one oauth-client whose strategy and trigger come from -var. */
function rootConfig(dir: string): string {
  return `
variable "rotation_strategy" { type = string }
variable "rotation_trigger" {
  type    = string
  default = null
}
module "client" {
  source                  = ${JSON.stringify(relative(dir, MODULE_DIR))}
  name                    = "${NAME}"
  secret_name             = "${SECRET_NAME}"
  role_divisions          = [{ role_id = "${EMPLOYEE_ROLE_ID}", division_id = "${HOME_DIVISION_ID}" }]
  rotation_strategy       = var.rotation_strategy
  rotation_trigger        = var.rotation_trigger
  aws_region              = "us-east-1"
  recovery_window_in_days = 0
}
output "client_id" { value = module.client.client_id }
output "standby_client_id" { value = module.client.standby_client_id }
output "client_ids" { value = module.client.client_ids }
output "secret_arn" { value = module.client.secret_arn }
output "secret_version_id" { value = module.client.secret_version_id }
`;
}

interface Outputs {
  client_id: string;
  standby_client_id: string;
  client_ids: string[];
  secret_arn: string;
  secret_version_id: string;
}

interface Credentials {
  client_id: string;
  client_secret: string;
}

/** The version a stage labels, read from moto directly (not the counting proxy); undefined when no version has it. */
async function stage(services: Services, arn: string, label: "AWSCURRENT" | "AWSPREVIOUS"): Promise<Credentials | undefined> {
  const client = motoSecretsClient(services);
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: label }));
    return JSON.parse(out.SecretString!) as Credentials;
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") return undefined;
    throw error;
  } finally {
    client.destroy();
  }
}

async function liveClientsOfThisModule(services: Services): Promise<Array<{ id: string; name: string }>> {
  const all = (await services.simClients()) as Array<{ id: string; name: string; state?: string }>;
  return all
    .filter((c) => (c.name === NAME || c.name === STANDBY_NAME) && c.state !== "deleted")
    .map(({ id, name }) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Genesys /api/v2 writes since `before` (counts that grew), e.g. { "POST /api/v2/oauth/clients/{id}/secret": 1 }. */
function grown(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).flatMap(([route, n]) => (n > (before[route] ?? 0) ? [[route, n - (before[route] ?? 0)]] : [])));
}

/** The in-process application of docs/CONSUMERS.md: a new token every interval with its cached credentials. */
interface TokenSource {
  getToken(): Promise<string>;
  stats: { tokenRequests: number; refused: number; secretReads: number };
}
type TokenSourceClass = new (options: { secretId: string; secretsManager: SecretsManagerClient; reuseTokens: boolean }) => TokenSource;

interface ConsumerLoad {
  stop(): Promise<{ calls: number; failedCalls: number; refused: number; secretReads: number; tokenRequests: number }>;
}

async function startConsumerLoad(services: Services, secretId: string, intervalMs: number): Promise<ConsumerLoad> {
  const { GenesysTokenSource } = (await import(pathToFileURL(NODE_CONSUMER).href)) as { GenesysTokenSource: TokenSourceClass };
  const secretsManager = motoSecretsClient(services);
  const source = new GenesysTokenSource({ secretId, secretsManager, reuseTokens: false });
  await source.getToken(); // credentials cached from here on
  let calls = 0;
  let failedCalls = 0;
  let stopping = false;
  const loop = (async () => {
    for (let next = Date.now(); !stopping;) {
      calls += 1;
      await source.getToken().catch(() => (failedCalls += 1));
      next += intervalMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      secretsManager.destroy();
      return { calls, failedCalls, ...source.stats };
    },
  };
}

for (const binary of terraformBinaries()) {
  describe(`${binary.label}: rotation_strategy "alternating" end to end (real Terraform, simulator, moto, canary)`, { timeout: 900_000 }, () => {
    let services: Services;
    let ws: TerraformWorkspace;
    let root: string;
    let artifacts: string;
    const runs: RecordedRun[] = [];
    const current: Record<string, string> = { rotation_strategy: "alternating" };
    let outputs: Outputs;
    /** Every client secret AWSCURRENT or AWSPREVIOUS held, in memory only: proves the scan below is not vacuous. */
    const seenSecrets = new Set<string>();
    let consumer: ConsumerLoad | undefined;

    const tf = async (args: string[], options: { trace?: "stderr" | string; allowFailure?: boolean } = {}): Promise<TerraformRunResult> => {
      const env: Record<string, string> = {};
      if (options.trace !== undefined) {
        env.TF_LOG = "trace";
        env.GENESYS_OAUTH_SHIM_LOG = "debug"; // the shim's debug lines land in the trace too
        if (options.trace !== "stderr") env.TF_LOG_PATH = join(artifacts, options.trace);
      }
      // Flags before positional arguments (a saved plan file); no -var with a saved plan.
      const [command, ...rest] = args as [string, ...string[]];
      const planFile = command === "apply" && rest.some((a) => a.endsWith(".tfplan"));
      const flags = ["init", "plan", "apply", "destroy"].includes(command) ? ["-input=false", "-no-color"] : [];
      const vars = ["plan", "apply", "destroy"].includes(command) && !planFile ? Object.entries(current).flatMap(([k, v]) => ["-var", `${k}=${v}`]) : [];
      const full = [command, ...flags, ...vars, ...rest];
      const result = await ws.run(full, { env, allowFailure: true });
      runs.push({ args: full, ...result });
      if (result.code !== 0 && !options.allowFailure) {
        throw new Error(`terraform ${full.join(" ")} exited ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`);
      }
      return result;
    };
    const readOutputs = async (): Promise<Outputs> => {
      const { stdout } = await tf(["output", "-json"]);
      const parsed = JSON.parse(stdout) as Record<string, { value: unknown }>;
      return Object.fromEntries(Object.entries(parsed).map(([name, o]) => [name, o.value])) as unknown as Outputs;
    };
    const remember = async (): Promise<void> => {
      for (const label of ["AWSCURRENT", "AWSPREVIOUS"] as const) {
        const credentials = await stage(services, outputs.secret_arn, label);
        if (credentials) seenSecrets.add(credentials.client_secret);
      }
    };
    const works = async (credentials: Credentials | undefined): Promise<boolean> =>
      credentials !== undefined && (await tokenStatus(services, credentials.client_id, credentials.client_secret)) === 200;
    const assertEmptyPlan = async (when: string, trace?: "stderr"): Promise<void> => {
      const before = await writeCounts(services);
      const plan = await tf(["plan", "-detailed-exitcode"], { allowFailure: true, ...(trace ? { trace } : {}) });
      assert.equal(plan.code, 0, `${when}: plan -detailed-exitcode should exit 0 (no changes)\n${plan.stdout}\n${plan.stderr.slice(-4000)}`);
      assert.match(plan.stdout, /No changes/);
      assert.deepEqual(await writeCounts(services), before, `${when}: the plan wrote nothing to Genesys or Secrets Manager`);
    };

    const assertPendingPlan = async (when: string): Promise<void> => {
      const before = await writeCounts(services);
      const plan = await tf(["plan", "-detailed-exitcode"], { allowFailure: true });
      assert.equal(plan.code, 2, `${when}: plan -detailed-exitcode should exit 2 (changes)\n${plan.stdout}\n${plan.stderr}`);
      assert.match(plan.stdout, /module\.client\.module\.clients\.terraform_data\.ensure\["this"\] must be replaced/);
      assert.doesNotMatch(plan.stdout, /terraform_data\.cleanup\["this"\] must be replaced/, "the destroy hook stays (replacing it would delete the client)");
      assert.deepEqual(await writeCounts(services), before, `${when}: the plan wrote nothing to Genesys or Secrets Manager`);
    };

    before(async () => {
      services = await startServices({ secretPrefix: CANARY });
      ws = createTerraformWorkspace({ terraform: binary.path, env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }) });
      ws.writeFile("main.tf", rootConfig(ws.dir));
      root = join(ws.dir, "..");
      artifacts = join(root, "artifacts");
      mkdirSync(artifacts);
      await tf(["init"]);
    });

    after(async () => {
      await consumer?.stop().catch(() => undefined);
      if (ws) {
        await tf(["destroy", "-auto-approve"], { allowFailure: true }).catch(() => undefined);
        ws.cleanup();
      }
      await services?.close();
    });

    it('apply creates two clients, "<name>" and "<name> (b)"; the stored document names client_id and gets a token', async () => {
      const apply = await tf(["apply", "-auto-approve"], { trace: "trace-create.log" });
      assert.match(apply.stdout, /\(local-exec\): genesys-oauth-shim: OAuth client "alternating-e2e" .*: created, created its standby client$/m, apply.stdout);
      outputs = await readOutputs();
      assert.match(outputs.client_id, UUID);
      assert.match(outputs.standby_client_id, UUID);
      assert.notEqual(outputs.client_id, outputs.standby_client_id);
      assert.deepEqual(outputs.client_ids, [outputs.client_id, outputs.standby_client_id], "client_ids: the current one first, then the standby");
      assert.deepEqual(await liveClientsOfThisModule(services), [
        { id: outputs.client_id, name: NAME },
        { id: outputs.standby_client_id, name: STANDBY_NAME },
      ]);
      const doc = await stage(services, outputs.secret_arn, "AWSCURRENT");
      assert.equal(doc?.client_id, outputs.client_id, "the stored document names client_id");
      assert.ok(await works(doc), "AWSCURRENT obtains a token");
      assert.equal(await stage(services, outputs.secret_arn, "AWSPREVIOUS"), undefined, "nothing to fall back to yet");
      await remember();
    });

    it("the next plan (under TF_LOG=trace) is empty and writes nothing", async () => {
      await assertEmptyPlan("after create", "stderr");
      const traced = runs.at(-1)!;
      assert.match(traced.stderr, /\[TRACE\]/, "the trace went to stderr (and is scanned for the canary)");
    });

    it("three rotations: each regenerates only the standby and swaps; AWSPREVIOUS keeps working; a consumer never fails", async (t) => {
      consumer = await startConsumerLoad(services, outputs.secret_arn, 100);
      const both = [outputs.client_id, outputs.standby_client_id].sort();
      for (const trigger of ["rotation-1", "rotation-2", "rotation-3"]) {
        const previous = outputs;
        const before = await stage(services, previous.secret_arn, "AWSCURRENT");
        const writesBefore = await services.simWrites();
        current.rotation_trigger = trigger;
        let apply: TerraformRunResult;
        if (trigger === "rotation-1") {
          // A saved plan, its JSON, and the apply of the plan file, traced to a file.
          const planFile = join(artifacts, "rotate.tfplan");
          await tf(["plan", `-out=${planFile}`]);
          const shown = await tf(["show", "-json", planFile]);
          writeFileSync(join(artifacts, "rotate.tfplan.json"), shown.stdout);
          apply = await tf(["apply", planFile], { trace: "trace-rotate-1.log" });
        } else {
          apply = await tf(["apply", "-auto-approve"]);
        }
        outputs = await readOutputs();
        assert.match(
          apply.stdout,
          new RegExp(
            `\\(local-exec\\): genesys-oauth-shim: OAuth client "[^"]+" \\(${outputs.client_id}\\), .*: rotated to its standby \\(the previous client ${previous.client_id}'s secret stays valid until the next rotation\\)$`,
            "m",
          ),
          `${trigger}: the apply's rotation line\n${apply.stdout}`,
        );
        assert.deepEqual(grown(await services.simWrites(), writesBefore), { [REGENERATE]: 1 }, `${trigger}: one regenerate, nothing else written to Genesys`);
        assert.equal(outputs.client_id, previous.standby_client_id, `${trigger}: the standby took over`);
        assert.equal(outputs.standby_client_id, previous.client_id, `${trigger}: the previous client is the standby now`);
        assert.deepEqual(outputs.client_ids, [outputs.client_id, outputs.standby_client_id]);
        assert.notEqual(outputs.secret_version_id, previous.secret_version_id, `${trigger}: a new secret version`);
        const now = await stage(services, outputs.secret_arn, "AWSCURRENT");
        const prior = await stage(services, outputs.secret_arn, "AWSPREVIOUS");
        assert.equal(now?.client_id, outputs.client_id, `${trigger}: the stored document names client_id`);
        assert.ok(await works(now), `${trigger}: AWSCURRENT obtains a token`);
        assert.deepEqual(prior, before, `${trigger}: AWSPREVIOUS is what AWSCURRENT was`);
        assert.ok(await works(prior), `${trigger}: AWSPREVIOUS still obtains a token`);
        await remember();
        await assertEmptyPlan(`after ${trigger}`);
      }
      const load = await consumer.stop();
      consumer = undefined;
      t.diagnostic(
        `consumer (node GenesysTokenSource, a new token every 100 ms with cached credentials) across 3 terraform-driven rotations: ` +
          `${load.calls} calls, ${load.failedCalls} failed, ${load.refused} token requests refused (then recovered), ${load.secretReads} secret reads`,
      );
      assert.ok(load.calls > 30, `the consumer kept calling (${load.calls} calls)`);
      assert.equal(load.failedCalls, 0, "under alternating, no call of the application failed");
      assert.deepEqual([outputs.client_id, outputs.standby_client_id].sort(), both, "still the same two clients");
      assert.deepEqual(await liveClientsOfThisModule(services), [
        { id: outputs.standby_client_id, name: NAME },
        { id: outputs.client_id, name: STANDBY_NAME },
      ]);
    });

    it('switching to "in_place" keeps the current client and its stored credentials, deletes the standby, unlabels AWSPREVIOUS', async () => {
      const previous = outputs;
      assert.ok(
        await works(await stage(services, outputs.secret_arn, "AWSPREVIOUS")),
        "before the switch, AWSPREVIOUS holds the standby's working credentials",
      );
      const writesBefore = await services.simWrites();
      current.rotation_strategy = "in_place";
      const apply = await tf(["apply", "-auto-approve"]);
      assert.match(apply.stdout, /\(local-exec\): genesys-oauth-shim: OAuth client .*deleted its standby client/, apply.stdout);
      outputs = await readOutputs();
      assert.equal(outputs.client_id, previous.client_id, "the current client stays");
      assert.equal(outputs.standby_client_id, "");
      assert.deepEqual(outputs.client_ids, [outputs.client_id]);
      assert.equal(outputs.secret_version_id, previous.secret_version_id, "the stored credentials are unchanged (no rotation)");
      assert.deepEqual(await liveClientsOfThisModule(services), [{ id: outputs.client_id, name: NAME }], "one client left, named as in_place names it");
      assert.equal(
        await getClient(services, previous.standby_client_id).then((c) => (c?.state === "deleted" ? undefined : c)),
        undefined,
        "the standby is gone",
      );
      const writes = grown(await services.simWrites(), writesBefore);
      assert.equal(writes[REGENERATE], undefined, `no regenerate (writes: ${JSON.stringify(writes)})`);
      assert.equal(writes["POST /api/v2/oauth/clients"], undefined, `no client created (writes: ${JSON.stringify(writes)})`);
      assert.equal(await stage(services, outputs.secret_arn, "AWSPREVIOUS"), undefined, "AWSPREVIOUS labels nothing (its client is deleted)");
      const described = await describeSecret(services, outputs.secret_arn);
      assert.ok(!("error" in described));
      assert.ok(!Object.values(described.VersionIdsToStages ?? {}).some((stages) => stages.includes("AWSPREVIOUS")), "no version is labelled AWSPREVIOUS");
      assert.ok(await works(await stage(services, outputs.secret_arn, "AWSCURRENT")), "AWSCURRENT still obtains a token");
      await assertEmptyPlan("after the switch to in_place");
    });

    it('switching back to "alternating" adds a standby without a regenerate', async () => {
      const previous = outputs;
      const writesBefore = await services.simWrites();
      current.rotation_strategy = "alternating";
      const apply = await tf(["apply", "-auto-approve"]);
      assert.match(apply.stdout, /\(local-exec\): genesys-oauth-shim: OAuth client .*created its standby client/, apply.stdout);
      outputs = await readOutputs();
      const writes = grown(await services.simWrites(), writesBefore);
      assert.deepEqual(writes, { "POST /api/v2/oauth/clients": 1 }, "one client created (the standby), no regenerate, nothing else written to Genesys");
      assert.equal(outputs.client_id, previous.client_id, "the current client stays current");
      assert.equal(outputs.secret_version_id, previous.secret_version_id, "no rotation just for switching");
      assert.match(outputs.standby_client_id, UUID);
      assert.deepEqual(outputs.client_ids, [outputs.client_id, outputs.standby_client_id]);
      assert.deepEqual(await liveClientsOfThisModule(services), [
        { id: outputs.client_id, name: NAME },
        { id: outputs.standby_client_id, name: STANDBY_NAME },
      ]);
      assert.ok(await works(await stage(services, outputs.secret_arn, "AWSCURRENT")));
      await assertEmptyPlan("after the switch back to alternating");
      await remember();
    });

    it("a standby deleted outside Terraform: the plan shows the ensure pending without writing; the apply replaces the standby only", async () => {
      const previous = outputs;
      await deleteClientAsAdmin(services, previous.standby_client_id);
      await assertPendingPlan("after the standby was deleted");
      const writesBefore = await services.simWrites();
      const apply = await tf(["apply", "-auto-approve"]);
      assert.match(apply.stdout, /\(local-exec\): genesys-oauth-shim: OAuth client .*: created its standby client$/m, apply.stdout);
      outputs = await readOutputs();
      assert.deepEqual(grown(await services.simWrites(), writesBefore), { "POST /api/v2/oauth/clients": 1 }, "one create (the new standby), nothing else");
      assert.equal(outputs.client_id, previous.client_id, "the current client stays");
      assert.equal(outputs.secret_version_id, previous.secret_version_id, "AWSCURRENT untouched");
      assert.match(outputs.standby_client_id, UUID);
      assert.notEqual(outputs.standby_client_id, previous.standby_client_id, "a new standby");
      assert.deepEqual(outputs.client_ids, [outputs.client_id, outputs.standby_client_id]);
      assert.deepEqual(await liveClientsOfThisModule(services), [
        { id: outputs.client_id, name: NAME },
        { id: outputs.standby_client_id, name: STANDBY_NAME },
      ]);
      assert.ok(await works(await stage(services, outputs.secret_arn, "AWSCURRENT")));
      await assertEmptyPlan("after the standby was replaced");
    });

    it("a current client deleted outside Terraform: the standby takes over with a new secret and a new standby is created", async () => {
      const previous = outputs;
      await deleteClientAsAdmin(services, previous.client_id);
      await assertPendingPlan("after the current client was deleted");
      const writesBefore = await services.simWrites();
      await tf(["apply", "-auto-approve"]);
      outputs = await readOutputs();
      const writes = grown(await services.simWrites(), writesBefore);
      assert.deepEqual(
        writes,
        { "POST /api/v2/oauth/clients": 1, [REGENERATE]: 1 },
        "one regenerate (the standby taking over) and one create (the new standby)",
      );
      assert.equal(outputs.client_id, previous.standby_client_id, "the standby took over");
      assert.notEqual(outputs.secret_version_id, previous.secret_version_id, "a new secret version");
      assert.match(outputs.standby_client_id, UUID);
      assert.ok(![previous.client_id, previous.standby_client_id].includes(outputs.standby_client_id), "a new standby");
      const now = await stage(services, outputs.secret_arn, "AWSCURRENT");
      assert.equal(now?.client_id, outputs.client_id, "the stored document names client_id");
      assert.ok(await works(now), "AWSCURRENT obtains a token");
      assert.equal(await stage(services, outputs.secret_arn, "AWSPREVIOUS"), undefined, "the deleted client's credentials are not offered as AWSPREVIOUS");
      assert.equal((await liveClientsOfThisModule(services)).length, 2, "two live clients again");
      await remember();
      await assertEmptyPlan("after the current client was replaced");
    });

    it("destroy deletes both clients and the secret", async () => {
      const apply = await tf(["destroy", "-auto-approve"], { trace: "trace-destroy.log" });
      assert.match(apply.stdout, /Destroy complete!/);
      assert.deepEqual(await liveClientsOfThisModule(services), [], "no client of this module is left live");
      const gone = await describeSecret(services, outputs.secret_arn);
      assert.ok("error" in gone && gone.error === "ResourceNotFoundException", "the secret is deleted (recovery_window_in_days = 0)");
      assert.equal((await tf(["state", "list"])).stdout.trim(), "", "nothing left in state");
    });

    it("the canary is in every secret the services held, and in nothing Terraform printed or wrote", () => {
      assert.equal(seenSecrets.size, 5, "five client secrets were stored: the create's, one per rotation and the drift repair's (switching stores none)");
      for (const secret of seenSecrets) assert.ok(secret.startsWith(CANARY), "every client secret carries the canary prefix");
      assert.equal(findInText("in-memory", `x\n{"client_secret":"${[...seenSecrets][0]}"}\n`, CANARY)[0]?.line, 2, "the scanner finds the canary where it is");

      const hits: Hit[] = [];
      runs.forEach((run, index) => {
        const name = `run-${String(index + 1).padStart(2, "0")}-${run.args[0]}`;
        writeFileSync(join(artifacts, `${name}.stdout`), run.stdout);
        writeFileSync(join(artifacts, `${name}.stderr`), run.stderr);
        hits.push(...findInText(`${name} stdout (terraform ${run.args.join(" ")})`, run.stdout, CANARY));
        hits.push(...findInText(`${name} stderr (terraform ${run.args.join(" ")})`, run.stderr, CANARY));
      });
      const scan = scanDirectory(root, CANARY);
      hits.push(...scan.hits);

      // The scan covered what matters: state and its backup, the saved plan and its JSON, the trace logs.
      const files = filesUnder(root).map((file) => relative(root, file));
      for (const expected of [
        /^work\/terraform\.tfstate$/,
        /^work\/terraform\.tfstate\.backup$/,
        /^artifacts\/rotate\.tfplan$/,
        /^artifacts\/rotate\.tfplan\.json$/,
        /^artifacts\/trace-create\.log$/,
        /^artifacts\/trace-rotate-1\.log$/,
        /^artifacts\/trace-destroy\.log$/,
      ]) {
        assert.ok(
          files.some((file) => expected.test(file)),
          `the scan includes ${expected}`,
        );
      }
      assert.deepEqual(
        hits.map((hit) => `${hit.where}:${hit.line}`),
        [],
        `the canary leaked; each entry is file:line (scanned ${scan.files} files)`,
      );
    });
  });
}
