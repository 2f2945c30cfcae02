import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import type { Finding } from "../../src/lint/model.js";
import { RULES } from "../../src/lint/rules/index.js";
import { lint, type LintResult } from "../../src/lint/runner.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURES = path.join(ROOT, "test/lint/fixtures");

/** Lints paths (relative to FIXTURES) in-process with the given rules (default: all). */
export async function lintFixtures(paths: string[], ruleIds?: string[]): Promise<LintResult> {
  const rules = ruleIds ? RULES.filter((r) => ruleIds.includes(r.id)) : RULES;
  return lint({ paths: paths.map((p) => path.join(FIXTURES, p)), cwd: FIXTURES, rules, minSeverity: "notice" });
}

/** `rule@line:column` for compact assertions. */
export function brief(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column}`);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx src/cli.ts lint ...args` asynchronously from cwd (default: FIXTURES). */
export function runCli(args: string[], cwd = FIXTURES): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // tsx resolved from the repository, so the CLI can run from any directory.
    const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), path.join(ROOT, "src/cli.ts"), "lint", ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
