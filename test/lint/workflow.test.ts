// docs/ci/github-actions-lint.yml, the GitHub Actions example: parsed as YAML (PyYAML, installed with pre-commit
// by scripts/toolchain.sh), checked for what code scanning needs, and its run steps executed with bash as the
// runner would (the clone replaced by this checkout): the SARIF it uploads must be valid and hold the finding, and
// the gate must fail on an error and pass on warnings only.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, it } from "node:test";
import { Ajv } from "ajv";
import { cacheDir, repoRoot } from "../support/toolchain.js";
import { sarifSchema } from "./sarif-schema.js";

const WORKFLOW = path.join(repoRoot, "docs/ci/github-actions-lint.yml");
const PYTHON = path.join(cacheDir, "venv", "bin", "python3");
const scratch = mkdtempSync(path.join(tmpdir(), "lint-workflow-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { env: Record<string, string>; steps: Step[] }>;
}

function parseYaml(file: string): Workflow {
  const r = spawnSync(PYTHON, ["-c", "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)", file], { encoding: "utf8" });
  assert.equal(r.status, 0, `PyYAML (make toolchain installs it with pre-commit): ${r.stderr}`);
  // PyYAML reads the key `on` as the boolean true (YAML 1.1), as GitHub does not; accept both spellings.
  const parsed = JSON.parse(r.stdout) as Workflow & { true?: Record<string, unknown> };
  return { ...parsed, on: parsed.on ?? parsed.true! };
}

/** Runs a step's script as the runner does (bash -eo pipefail), with the job's env and ${{ runner.temp }} set. */
function runStep(script: string, env: Record<string, string>, cwd: string) {
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    cwd,
    env: { PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ""}`, HOME: scratch, ...env },
    encoding: "utf8",
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

it("the GitHub Actions example: valid YAML, code-scanning permissions, and its steps produce valid SARIF and gate on errors", () => {
  const workflow = parseYaml(WORKFLOW);
  assert.ok(workflow.on.pull_request !== undefined && workflow.on.push !== undefined);
  assert.equal(workflow.permissions["security-events"], "write");
  const job = workflow.jobs.lint!;
  const step = (name: string) => job.steps.find((s) => s.name === name) ?? assert.fail(`no step "${name}"`);
  const upload = job.steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
  assert.ok(upload, "an upload-sarif step");
  assert.equal(upload.if, "${{ !cancelled() }}", "findings are uploaded even when a later step would fail");
  const sarifFile = String(upload.with?.sarif_file);
  assert.match(step("Lint (SARIF)").run!, new RegExp(`--format sarif .*> ${sarifFile.replace(/\./g, "\\.")}`));
  assert.ok(job.steps.indexOf(upload) < job.steps.indexOf(step("Fail on errors")), "upload before the gate");

  // The runner: the shim "cloned" to ${{ runner.temp }}/genesys-oauth-shim is this checkout.
  const runnerTemp = path.join(scratch, "runner-temp");
  mkdirSync(runnerTemp);
  symlinkSync(repoRoot, path.join(runnerTemp, "genesys-oauth-shim"));
  const env = Object.fromEntries(Object.entries(job.env).map(([k, v]) => [k, v.replace("${{ runner.temp }}", runnerTemp)]));
  const workspace = path.join(scratch, "workspace");
  mkdirSync(path.join(workspace, "infra"), { recursive: true });
  writeFileSync(
    path.join(workspace, "infra", "main.tf"),
    'variable "pw" {\n  type      = string\n  sensitive = true\n}\n\noutput "pw" {\n  value = var.pw\n}\n',
  );

  const lint = runStep(step("Lint (SARIF)").run!, env, workspace);
  assert.equal(lint.code, 0, `findings (exit 2) do not fail the SARIF step: ${lint.out}`);
  const sarif = JSON.parse(readFileSync(path.join(workspace, sarifFile), "utf8")) as {
    runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
  };
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(sarifSchema);
  const valid: boolean = validate(sarif);
  assert.ok(valid, JSON.stringify(validate.errors));
  assert.deepEqual(
    sarif.runs[0]!.results.map((r) => `${r.locations[0]!.physicalLocation.artifactLocation.uri} ${r.level} ${r.ruleId}`),
    ["infra/main.tf error output_secret"],
  );

  const gate = runStep(step("Fail on errors").run!, env, workspace);
  assert.equal(gate.code, 2, gate.out);
  assert.match(gate.out, /infra\/main\.tf:7:11 error output_secret/);

  // Warnings only (a secret-like name without proof): uploaded, and the gate passes.
  writeFileSync(path.join(workspace, "infra", "main.tf"), 'variable "api_token" {\n  type = string\n}\n');
  assert.equal(runStep(step("Lint (SARIF)").run!, env, workspace).code, 0);
  assert.equal((JSON.parse(readFileSync(path.join(workspace, sarifFile), "utf8")) as { runs: { results: unknown[] }[] }).runs[0]!.results.length, 1);
  assert.equal(runStep(step("Fail on errors").run!, env, workspace).code, 0);

  // A file that does not parse: the linter failed (exit 1), and so does the step.
  writeFileSync(path.join(workspace, "infra", "main.tf"), 'output "x" {\n  value = \n}\n');
  assert.equal(runStep(step("Lint (SARIF)").run!, env, workspace).code, 1);
});
