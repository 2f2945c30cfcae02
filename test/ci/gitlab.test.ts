// terraform/examples/gitlab/.gitlab-ci.yml: structure (rules, read_only on merge requests, apply only on the
// default branch, OIDC id_tokens, credentials as CI/CD variables only, node >= 20.18.1), then its terraform lines,
// job by job in fresh checkouts, after its own `cd "$TF_ROOT"`: real Terraform, the simulator, moto (Secrets
// Manager and the S3 state backend). The image, `apk add` and the token file are GitLab's and Alpine's part and are
// only checked statically.
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
  GITLAB_PIPELINE,
  keysAndStrings,
  loadYaml,
  pathWithTerraform,
  runLine,
  s3BackendAgainstMoto,
  terraformLines,
  versionAtLeast,
  writeCliConfig,
} from "./recipes.js";

interface GitlabJob {
  extends?: string;
  stage?: string;
  environment?: { name: string; action?: string };
  rules?: { if: string }[];
  script: string[];
}
interface Pipeline {
  variables: Record<string, string>;
  default: { image: { name: string; entrypoint?: string[] }; id_tokens: Record<string, { aud: string }>; before_script: string[] };
  plan: GitlabJob;
  apply: GitlabJob;
  [job: string]: unknown;
}

const pipeline = loadYaml(GITLAB_PIPELINE) as Pipeline;
const CANARY = "glcanary-";

const terraformScript = (job: GitlabJob): string[] => job.script.flatMap(terraformLines);

describe("GitLab CI pipeline: structure", () => {
  it("plan runs on merge request pipelines only, apply on pushes to the default branch only", () => {
    assert.deepEqual(pipeline.plan.rules, [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    assert.deepEqual(pipeline.apply.rules, [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"' }]);
    const jobs = Object.keys(pipeline).filter((key) => !["variables", "default", "stages"].includes(key) && !key.startsWith("."));
    assert.deepEqual(jobs.sort(), ["apply", "plan"]);
  });

  it("plan plans with read_only=true and never applies; apply applies; one run at a time", () => {
    assert.deepEqual(
      terraformScript(pipeline.plan).map((line) => line.split(/\s+/)[1]),
      ["init", "plan"],
    );
    assert.match(terraformScript(pipeline.plan)[1]!, /\s-var read_only=true(\s|$)/);
    assert.deepEqual(
      terraformScript(pipeline.apply).map((line) => line.split(/\s+/)[1]),
      ["init", "apply"],
    );
    for (const job of [pipeline.plan, pipeline.apply]) assert.equal(job.extends, ".terraform");
    assert.equal((pipeline[".terraform"] as { resource_group?: string }).resource_group, "genesys-oauth");
  });

  it("credentials are CI/CD variables (environment), never -var or TF_VAR_; AWS by OIDC id_tokens", () => {
    assert.deepEqual(
      keysAndStrings(pipeline).filter((text) => /TF_VAR_/.test(text)),
      [],
    );
    for (const line of [...terraformScript(pipeline.plan), ...terraformScript(pipeline.apply)]) {
      assert.doesNotMatch(line, /GENESYSCLOUD|AWS_(ACCESS|SECRET)/, line);
      for (const [, value] of line.matchAll(/-var[= ](\S+)/g)) assert.match(value!, /^read_only=/);
    }
    assert.deepEqual(
      keysAndStrings(pipeline).filter((text) => /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/.test(text)),
      [],
    );
    assert.equal(pipeline.default.id_tokens.AWS_ID_TOKEN?.aud, "sts.amazonaws.com");
    const script = pipeline.default.before_script.join("\n");
    assert.match(script, /export AWS_WEB_IDENTITY_TOKEN_FILE=/);
    assert.match(script, /printf '%s' "\$AWS_ID_TOKEN" > "\$AWS_WEB_IDENTITY_TOKEN_FILE"/);
  });

  it("the image gets node >= 20.18.1 before any terraform line", () => {
    assert.match(pipeline.default.image.name, /^hashicorp\/terraform:\d+\.\d+\.\d+$/);
    const install = pipeline.default.before_script.find((line) => /^apk add /.test(line));
    const floor = /"nodejs>=(\d+\.\d+\.\d+)"/.exec(install ?? "")?.[1];
    assert.ok(floor !== undefined && versionAtLeast(floor, "20.18.1"), `node constraint in: ${install}`);
  });
});

describe("GitLab CI pipeline: its terraform lines, job by job (Terraform, simulator, moto)", { timeout: 600_000 }, () => {
  let services: Services;
  let scratch: string;
  let checkouts = 0;
  const bucket = "gitlab-tf-state";

  before(async () => {
    services = await startServices({ secretPrefix: CANARY });
    scratch = mkdtempSync(join(tmpdir(), "gitlab-"));
    await createBucket(services.moto.url, bucket);
  });

  after(async () => {
    if (services && scratch) await runJob(pipeline.apply, { destroy: true }).catch(() => undefined);
    await services?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  async function runJob(job: GitlabJob, options: { destroy?: boolean } = {}): Promise<string> {
    const tfRoot = pipeline.variables.TF_ROOT!;
    const checkout = freshCheckout(scratch, `checkout-${++checkouts}`, GITHUB_EXAMPLE, tfRoot);
    const home = join(scratch, `home-${checkouts}`);
    mkdirSync(home);
    // CI/CD variables are the job's environment: GENESYSCLOUD_* (the simulator's admin) come in exactly that way.
    const env = services.shimEnv({
      ...pipeline.variables,
      TF_STATE_BUCKET: bucket,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      HOME: home,
      TF_CLI_CONFIG_FILE: writeCliConfig(home),
      CHECKPOINT_DISABLE: "1",
      PATH: pathWithTerraform(scratch),
      ...s3BackendAgainstMoto(services.moto.url),
    });
    const cd = pipeline.default.before_script.filter((line) => /^cd /.test(line));
    assert.deepEqual(cd, ['cd "$TF_ROOT"']);
    let lines = terraformScript(job);
    if (options.destroy) lines = [lines[0]!, "terraform destroy -input=false -no-color -auto-approve"];
    let output = "";
    for (const line of lines) {
      const result = await runLine(`${cd[0]}\n${line}`, checkout, env);
      output += result.stdout + result.stderr;
      assert.equal(result.code, 0, `${line}\n${result.stdout}\n${result.stderr}`);
    }
    return output;
  }

  const writes = async () => ({ genesys: await services.simWriteCount(), secretsManager: services.proxy.writeCount() });

  it("merge request before the first apply: plan writes nothing", async () => {
    assert.match(await runJob(pipeline.plan), /Plan: \d+ to add/);
    assert.deepEqual(await writes(), { genesys: 0, secretsManager: 0 });
  });

  it("push to the default branch: apply creates the client and says so, without printing its secret", async () => {
    const output = await runJob(pipeline.apply);
    assert.match(output, /OAuth client "ci-example-backend" \([0-9a-f-]{36}\), secret genesys\/oauth\/backend version \S+: created/);
    assert.ok(!output.includes(CANARY));
  });

  it("the next merge request: no changes, no writes", async () => {
    const before = await writes();
    assert.match(await runJob(pipeline.plan), /No changes\./);
    assert.deepEqual(await writes(), before);
  });
});
