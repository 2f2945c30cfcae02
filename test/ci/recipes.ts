// Shared by the CI recipe tests: the shipped YAML parsed with a real YAML parser, the Terraform command lines the
// recipes run, and a "checkout" of this repository in a temp dir in which those lines run as a runner would run
// them (real Terraform, the simulator and moto, state in moto's S3).
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { parse } from "yaml";
import { runProcess, type ProcessResult } from "../support/processes.js";
import { repoRoot, terraformBin, terraformMirrorDir } from "../support/toolchain.js";

export const GITHUB_EXAMPLE = join(repoRoot, "terraform", "examples", "github-actions");
export const GITHUB_WORKFLOW = join(GITHUB_EXAMPLE, "genesys-oauth.yml");
export const GITLAB_PIPELINE = join(repoRoot, "terraform", "examples", "gitlab", ".gitlab-ci.yml");
export const ATLANTIS_DIR = join(repoRoot, "terraform", "examples", "atlantis");
export const TFC_AGENT_DIR = join(repoRoot, "terraform", "examples", "tfc-agent");
export const CI_DOC = join(repoRoot, "docs", "CI.md");

export function loadYaml(file: string): unknown {
  const text = readFileSync(file, "utf8");
  return parse(text, { strict: true, uniqueKeys: true });
}

/** Lines of a shell script that start a Terraform command (after optional whitespace). */
export function terraformLines(script: string): string[] {
  return script
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^terraform\s/.test(line));
}

/** ${{ secrets.X }} / ${{ vars.X }} / ${{ env.X }} replaced from `values`; any other expression fails the test. */
export function substituteGithubExpressions(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (whole, expression: string) => {
    const value = values[expression];
    assert.ok(value !== undefined, `no test value for ${whole}`);
    return value;
  });
}

/** Numeric versions compare: a >= b. */
export function versionAtLeast(version: string, floor: string): boolean {
  const a = version.split(".").map(Number);
  const b = floor.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/**
 * The CLI configuration docs/CI.md gives for the offline provider mirror (its one ```hcl block that has a
 * filesystem_mirror), with the documented path replaced by this machine's mirror (built by `make toolchain`).
 */
export function documentedMirrorConfig(): string {
  const doc = readFileSync(CI_DOC, "utf8");
  const blocks = [...doc.matchAll(/```hcl\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => b.includes("filesystem_mirror"));
  assert.equal(blocks.length, 1, "docs/CI.md has one hcl block with filesystem_mirror");
  const mirror = terraformMirrorDir();
  assert.ok(mirror !== undefined, "the provider mirror exists (make toolchain)");
  assert.ok(blocks[0]!.includes('"/opt/terraform/providers"'), "the documented mirror path is /opt/terraform/providers");
  return blocks[0]!.replaceAll('"/opt/terraform/providers"', JSON.stringify(mirror));
}

/**
 * A fresh checkout, as a runner has at the start of each job: terraform/modules (a link to this repository's)
 * and a copy of the example root module, without any .terraform or state. Returns the checkout's root.
 */
export function freshCheckout(parent: string, name: string, exampleDir: string, exampleRelative: string): string {
  const root = join(parent, name);
  mkdirSync(join(root, "terraform"), { recursive: true });
  symlinkSync(join(repoRoot, "terraform", "modules"), join(root, "terraform", "modules"));
  cpSync(exampleDir, join(root, exampleRelative), {
    recursive: true,
    filter: (source) => !/[/\\](\.terraform|\.terraform\.lock\.hcl|terraform\.tfstate.*)$/.test(source),
  });
  return root;
}

/** Runs one recipe line through bash, as the runner's shell step does (bash -e). */
export function runLine(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return runProcess("bash", ["-e", "-o", "pipefail", "-c", line], { cwd, env, timeoutMs: 240_000 });
}

/** Creates an S3 bucket in moto, listable without signing (so a test can see the state object's key). */
export async function createBucket(motoUrl: string, bucket: string): Promise<void> {
  const response = await fetch(`${motoUrl}/${bucket}`, { method: "PUT", headers: { "x-amz-acl": "public-read" } });
  assert.equal(response.status, 200, `create bucket ${bucket}: ${await response.text()}`);
}

/** The S3 backend against moto: endpoints from the environment, path-style URLs, no STS or account lookups. */
export function s3BackendAgainstMoto(motoUrl: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: motoUrl,
    // The recipes' init lines stay as shipped; these settings only point the backend at a local S3.
    TF_CLI_ARGS_init: [
      "-backend-config=use_path_style=true",
      "-backend-config=skip_credentials_validation=true",
      "-backend-config=skip_requesting_account_id=true",
      "-backend-config=skip_metadata_api_check=true",
    ].join(" "),
  };
}

export function writeCliConfig(dir: string): string {
  const file = join(dir, "terraform.tfrc");
  writeFileSync(file, documentedMirrorConfig());
  return file;
}

/** Every key and string value of a parsed YAML document (comments are not part of it). */
export function keysAndStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(keysAndStrings);
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([key, v]) => [key, ...keysAndStrings(v)]);
  return [];
}

/**
 * PATH for recipe lines, which call `terraform` by name: a directory holding `terraform` (a link to the binary the
 * suite uses: TERRAFORM_BIN, the toolchain's wrapper or the one on PATH) first, then this process's PATH (node).
 */
export function pathWithTerraform(scratch: string): string {
  const bin = join(scratch, "bin");
  if (!existsSync(join(bin, "terraform"))) {
    mkdirSync(bin, { recursive: true });
    symlinkSync(terraformBin(), join(bin, "terraform"));
  }
  return `${bin}${delimiter}${process.env.PATH ?? ""}`;
}
