// terraform/examples/github-actions/genesys-oauth.yml: its structure (triggers, jobs, read_only on pull requests,
// apply only on main, OIDC for AWS, credentials as environment variables only), then its own terraform lines, run
// job by job in fresh checkouts as a runner would: real Terraform, the simulator, moto (Secrets Manager and the S3
// state backend). What cannot run here is the actions themselves (checkout, setup-node, setup-terraform,
// configure-aws-credentials): the test supplies what they provide (a checkout, node and terraform on PATH, AWS
// credentials in the environment).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startServices, type Services } from "../support/services.js";
import {
  createBucket,
  freshCheckout,
  GITHUB_EXAMPLE,
  GITHUB_WORKFLOW,
  keysAndStrings,
  loadYaml,
  pathWithTerraform,
  runLine,
  s3BackendAgainstMoto,
  substituteGithubExpressions,
  terraformLines,
  versionAtLeast,
  writeCliConfig,
} from "./recipes.js";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  "runs-on"?: string;
  environment?: string;
  env?: Record<string, string>;
  defaults?: { run?: { "working-directory"?: string } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, { branches?: string[] } | null>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = loadYaml(GITHUB_WORKFLOW) as Workflow;
const CANARY = "ghacanary-";

function stepsUsing(job: Job, action: string): Step[] {
  return job.steps.filter((step) => step.uses?.split("@")[0] === action);
}

function terraformRuns(job: Job): string[] {
  return job.steps.flatMap((step) => (step.run === undefined ? [] : terraformLines(step.run)));
}

describe("GitHub Actions workflow: structure", () => {
  it("runs on pull requests to main and on pushes to main, nothing else", () => {
    assert.deepEqual(Object.keys(workflow.on).sort(), ["pull_request", "push"]);
    assert.deepEqual(workflow.on.pull_request?.branches, ["main"]);
    assert.deepEqual(workflow.on.push?.branches, ["main"]);
  });

  it("has a plan job for pull requests and an apply job for pushes to main only", () => {
    assert.deepEqual(Object.keys(workflow.jobs).sort(), ["apply", "plan"]);
    assert.equal(workflow.jobs.plan!.if, "github.event_name == 'pull_request'");
    assert.equal(workflow.jobs.apply!.if, "github.event_name == 'push' && github.ref == 'refs/heads/main'");
  });

  it("the plan job plans with read_only=true and never applies; the apply job applies", () => {
    const plan = terraformRuns(workflow.jobs.plan!);
    assert.deepEqual(
      plan.map((line) => line.split(/\s+/)[1]),
      ["init", "plan"],
    );
    assert.match(plan[1]!, /\s-var read_only=true(\s|$)/);
    const apply = terraformRuns(workflow.jobs.apply!);
    assert.deepEqual(
      apply.map((line) => line.split(/\s+/)[1]),
      ["init", "apply"],
    );
    assert.doesNotMatch(apply[1]!, /read_only/);
  });

  it("Genesys credentials reach Terraform as environment variables from secrets, never as -var or TF_VAR_", () => {
    assert.deepEqual(
      keysAndStrings(workflow).filter((text) => /TF_VAR_/.test(text)),
      [],
    );
    for (const [name, job] of Object.entries(workflow.jobs)) {
      assert.equal(job.env?.GENESYSCLOUD_OAUTHCLIENT_ID, "${{ secrets.GENESYSCLOUD_OAUTHCLIENT_ID }}", name);
      assert.equal(job.env?.GENESYSCLOUD_OAUTHCLIENT_SECRET, "${{ secrets.GENESYSCLOUD_OAUTHCLIENT_SECRET }}", name);
      for (const line of terraformRuns(job)) {
        assert.doesNotMatch(line, /GENESYSCLOUD|secrets\./, `${name}: ${line}`);
        for (const [, value] of line.matchAll(/-var[= ](\S+)/g)) assert.match(value!, /^read_only=/, `${name}: only read_only is a -var`);
      }
    }
  });

  it("AWS credentials come from OIDC (id-token: write, role-to-assume), no access keys", () => {
    assert.equal(workflow.permissions?.["id-token"], "write");
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const aws = stepsUsing(job, "aws-actions/configure-aws-credentials");
      assert.equal(aws.length, 1, name);
      assert.match(String(aws[0]!.with?.["role-to-assume"]), /^\$\{\{ vars\.AWS_\w+_ROLE_ARN \}\}$/);
      assert.deepEqual(
        Object.keys(aws[0]!.with ?? {}).filter((key) => /key|secret|token/i.test(key)),
        [],
        name,
      );
    }
  });

  it("pins node >= 20.18.1 (setup-node) and Terraform without its wrapper (setup-terraform)", () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const node = stepsUsing(job, "actions/setup-node");
      assert.equal(node.length, 1, name);
      const version = String(node[0]!.with?.["node-version"]);
      assert.match(version, /^\d+\.\d+\.\d+$/, `${name}: an exact node version`);
      assert.ok(versionAtLeast(version, "20.18.1"), `${name}: node ${version} >= 20.18.1`);
      const terraform = stepsUsing(job, "hashicorp/setup-terraform");
      assert.equal(terraform.length, 1, name);
      assert.equal(terraform[0]!.with?.terraform_wrapper, false, name);
      // setup-node, setup-terraform and AWS come before the first terraform line
      const firstTerraform = job.steps.findIndex((step) => step.run !== undefined && terraformLines(step.run).length > 0);
      for (const action of ["actions/checkout", "actions/setup-node", "hashicorp/setup-terraform", "aws-actions/configure-aws-credentials"]) {
        const index = job.steps.findIndex((step) => step.uses?.split("@")[0] === action);
        assert.ok(index >= 0 && index < firstTerraform, `${name}: ${action} runs before terraform`);
      }
    }
  });
});

describe("GitHub Actions workflow: its terraform lines, job by job (Terraform, simulator, moto)", { timeout: 600_000 }, () => {
  let services: Services;
  let scratch: string;
  let checkouts = 0;
  const bucket = "genesys-oauth-tf-state";

  before(async () => {
    services = await startServices({ secretPrefix: CANARY });
    scratch = mkdtempSync(join(tmpdir(), "gha-"));
    await createBucket(services.moto.url, bucket);
  });

  after(async () => {
    if (services && scratch) await runJob("apply", { destroy: true }).catch(() => undefined);
    await services?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** A runner's job: a fresh checkout, the workflow's and the job's env, then the job's terraform lines in order. */
  async function runJob(jobName: "plan" | "apply", options: { destroy?: boolean } = {}): Promise<{ output: string; dir: string; env: NodeJS.ProcessEnv }> {
    const job = workflow.jobs[jobName]!;
    const workingDirectory = job.defaults?.run?.["working-directory"];
    assert.equal(workingDirectory, "terraform/examples/github-actions");
    const checkout = freshCheckout(scratch, `checkout-${++checkouts}`, GITHUB_EXAMPLE, workingDirectory);
    const home = join(scratch, `home-${checkouts}`);
    mkdirSync(home);

    const admin = services.sim.admin;
    const values: Record<string, string> = {
      "secrets.GENESYSCLOUD_OAUTHCLIENT_ID": admin.clientId,
      "secrets.GENESYSCLOUD_OAUTHCLIENT_SECRET": admin.clientSecret,
      "vars.GENESYSCLOUD_REGION": "us-east-1",
      "vars.AWS_REGION": "us-east-1",
      "vars.TF_STATE_BUCKET": bucket,
    };
    // What the actions provide (AWS credentials, node and terraform on PATH) and the local services' endpoints;
    // the Genesys credentials come only from the job's env below.
    const base = services.shimEnv({
      GENESYSCLOUD_OAUTHCLIENT_ID: undefined,
      GENESYSCLOUD_OAUTHCLIENT_SECRET: undefined,
      GENESYSCLOUD_REGION: undefined,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      HOME: home,
      TF_CLI_CONFIG_FILE: writeCliConfig(home),
      CHECKPOINT_DISABLE: "1",
      PATH: pathWithTerraform(scratch),
      ...s3BackendAgainstMoto(services.moto.url),
    });
    delete base.GENESYSCLOUD_OAUTHCLIENT_ID;
    delete base.GENESYSCLOUD_OAUTHCLIENT_SECRET;
    delete base.GENESYSCLOUD_REGION;
    const env: NodeJS.ProcessEnv = { ...base };
    for (const [key, value] of Object.entries({ ...workflow.env, ...job.env })) env[key] = substituteGithubExpressions(value, values);

    let lines = terraformRuns(job).map((line) => substituteGithubExpressions(line, values));
    if (options.destroy) lines = [lines[0]!, "terraform destroy -input=false -no-color -auto-approve"];
    let output = "";
    for (const line of lines) {
      const result = await runLine(line, join(checkout, workingDirectory), env);
      output += result.stdout + result.stderr;
      assert.equal(result.code, 0, `${jobName}: ${line}\n${result.stdout}\n${result.stderr}`);
    }
    return { output, dir: join(checkout, workingDirectory), env };
  }

  async function writes(): Promise<{ genesys: number; secretsManager: number }> {
    return { genesys: await services.simWriteCount(), secretsManager: services.proxy.writeCount() };
  }

  it("pull request before the first apply: the plan job plans the client and writes nothing", async () => {
    const { output } = await runJob("plan");
    assert.match(output, /Plan: \d+ to add/);
    assert.deepEqual(await writes(), { genesys: 0, secretsManager: 0 });
  });

  it("push to main: the apply job creates the client, says so, and keeps state in S3 without the secret", async () => {
    const { output, dir, env } = await runJob("apply");
    assert.match(output, /OAuth client "ci-example-backend" \([0-9a-f-]{36}\), secret genesys\/oauth\/backend version \S+: created/);
    assert.match(output, /Apply complete!/);
    const pulled = await runLine("terraform state pull", dir, env);
    assert.equal(pulled.code, 0, pulled.stderr);
    const text = pulled.stdout;
    assert.match(text, /"backend_client_id"/);
    const listed = await (await fetch(`${services.moto.url}/${bucket}?list-type=2`)).text();
    assert.match(listed, /<Key>genesys-oauth\/terraform\.tfstate<\/Key>/, "the state lives in the S3 bucket");
    assert.ok(!text.includes(CANARY), "the state holds no client secret");
    assert.ok(!output.includes(CANARY), "the job's output holds no client secret");
  });

  it("the next pull request: a fresh runner plans no changes and writes nothing", async () => {
    const before = await writes();
    const { output } = await runJob("plan");
    assert.match(output, /No changes\./);
    assert.deepEqual(await writes(), before);
  });
});
