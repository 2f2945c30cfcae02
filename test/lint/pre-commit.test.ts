// The pre-commit hook this repository publishes (.pre-commit-hooks.yaml), run by the real pre-commit from PyPI
// (scripts/toolchain.sh installs it into .cache/venv) against a temp git repository, with this repository's hook
// files served from a local git repository as pre-commit would clone them from GitHub.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, it } from "node:test";
import { cacheDir, repoRoot } from "../support/toolchain.js";

const PRE_COMMIT = path.join(cacheDir, "venv", "bin", "pre-commit");
const BUNDLE = "terraform/modules/oauth-clients/shim/genesys-oauth-shim.mjs";
const scratch = mkdtempSync(path.join(tmpdir(), "lint-pre-commit-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const env = {
  PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ""}`,
  HOME: scratch,
  PRE_COMMIT_HOME: path.join(scratch, "pre-commit-home"),
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.com",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.com",
  NO_COLOR: "1",
};

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 180_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function git(cwd: string, ...args: string[]): string {
  const r = run("git", args, cwd);
  assert.equal(r.code, 0, r.out);
  return r.out.trim();
}

/** This repository's hook files, committed in a local git repository: what pre-commit clones at `rev`. */
function hookRepository(): { repo: string; rev: string } {
  const repo = path.join(scratch, "hooks");
  for (const file of [".pre-commit-hooks.yaml", "bin/genesys-oauth-shim.mjs", BUNDLE]) {
    assert.ok(existsSync(path.join(repoRoot, file)), `${file} is missing (run \`make build\` for the bundle)`);
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    copyFileSync(path.join(repoRoot, file), path.join(repo, file));
  }
  chmodSync(path.join(repo, "bin/genesys-oauth-shim.mjs"), 0o755);
  git(repo, "init", "-q", "-b", "main");
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "hooks");
  return { repo, rev: git(repo, "rev-parse", "HEAD") };
}

const LEAK = 'variable "pw" {\n  type      = string\n  sensitive = true\n}\n\noutput "pw" {\n  value = var.pw\n}\n';

it("pre-commit runs the published hook: a leak fails the run and blocks the commit; the fixed file passes", () => {
  assert.ok(existsSync(PRE_COMMIT), `${PRE_COMMIT} is missing: run \`make toolchain\` (scripts/toolchain.sh installs pre-commit from PyPI)`);
  const { repo, rev } = hookRepository();
  const project = path.join(scratch, "project");
  mkdirSync(project);
  git(project, "init", "-q", "-b", "main");
  writeFileSync(path.join(project, ".pre-commit-config.yaml"), `repos:\n  - repo: ${repo}\n    rev: ${rev}\n    hooks:\n      - id: genesys-oauth-shim-lint\n`);
  mkdirSync(path.join(project, "infra"));
  writeFileSync(path.join(project, "infra", "main.tf"), LEAK);
  writeFileSync(path.join(project, "README.md"), "not Terraform\n");
  git(project, "add", ".");

  const failing = run(PRE_COMMIT, ["run", "--all-files"], project);
  assert.equal(failing.code, 1, failing.out);
  assert.match(failing.out, /genesys-oauth-shim lint \(secrets into Terraform state\)\.+Failed/);
  assert.match(failing.out, /infra\/main\.tf:7:11 error output_secret output "pw" exposes sensitive variable var\.pw/);

  assert.equal(run(PRE_COMMIT, ["install"], project).code, 0);
  const blocked = run("git", ["commit", "-q", "-m", "leak"], project);
  assert.notEqual(blocked.code, 0, blocked.out);
  assert.match(blocked.out, /infra\/main\.tf:7:11 error output_secret/);

  writeFileSync(path.join(project, "infra", "main.tf"), 'output "pw" {\n  value = "not a secret"\n}\n');
  git(project, "add", ".");
  const passing = run(PRE_COMMIT, ["run", "--all-files"], project);
  assert.equal(passing.code, 0, passing.out);
  assert.match(passing.out, /genesys-oauth-shim lint \(secrets into Terraform state\)\.+Passed/);
  git(project, "commit", "-q", "-m", "no leak");

  // Only README changed: the hook's files filter skips it.
  writeFileSync(path.join(project, "README.md"), "still not Terraform\n");
  git(project, "add", ".");
  const skipped = run(PRE_COMMIT, ["run"], project);
  assert.equal(skipped.code, 0, skipped.out);
  assert.match(skipped.out, /\(no files to check\)Skipped/);
});
