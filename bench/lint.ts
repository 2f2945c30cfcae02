// The validator against tflint, side by side in one run: the real-world corpus (../shared/corpus, 293 files of
// public Terraform) and the start-up on one small file. tflint (with its bundled terraform ruleset, no plugins) is
// built from the Go module proxy into .cache/bin on first use, for the benchmark only (TFLINT_BIN overrides it).
import { existsSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProcess } from "../test/support/processes.js";
import { cacheDir, sharedDir } from "../test/support/toolchain.js";
import { interleaved, medians, pairedRatio, table, timeProcess, type ProcessSample } from "./measure.js";

export const TFLINT_VERSION = "0.64.0";

async function tflintBin(): Promise<string> {
  if (process.env.TFLINT_BIN) return process.env.TFLINT_BIN;
  const bin = join(cacheDir, "bin", `tflint-${TFLINT_VERSION}`);
  if (existsSync(bin)) return bin;
  const gobin = join(cacheDir, "tflint-build");
  mkdirSync(gobin, { recursive: true });
  console.log(`   (building tflint ${TFLINT_VERSION} from the Go module proxy into ${bin}, once)`);
  const env = { ...process.env, GOBIN: gobin, GOFLAGS: "-modcacherw", CGO_ENABLED: "0" };
  const built = await runProcess("go", ["install", `github.com/terraform-linters/tflint@v${TFLINT_VERSION}`], { env, timeoutMs: 900_000 });
  if (built.code !== 0) throw new Error(`go install tflint failed:\n${built.stderr.slice(-2000)}`);
  renameSync(join(gobin, "tflint"), bin);
  return bin;
}

export interface LintFigures {
  name: string;
  files: string;
  ours: ProcessSample[];
  tflint: ProcessSample[];
}

/** Interleaved runs of `genesys-oauth-shim lint` and `tflint` over the same directory, findings or not (exit 2). */
async function compare(name: string, files: string, dir: string, tflintArgs: string[], runs: number, lintCommand: string[], tflint: string): Promise<LintFigures> {
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir() };
  const okCodes = [0, 2];
  const samples = await interleaved(runs, {
    ours: async () => (await timeProcess([...lintCommand, "lint", ".", "--format", "json"], { env, cwd: dir, okCodes })).sample,
    tflint: async () => (await timeProcess([tflint, ...tflintArgs, "--format", "compact"], { env, cwd: dir, okCodes })).sample,
  });
  return { name, files, ...samples };
}

export async function measureLint(root: string, runs: number): Promise<LintFigures[]> {
  const tflint = await tflintBin();
  const lintCommand = [process.execPath, join(root, "bin", "genesys-oauth-shim.mjs")];
  const shared = sharedDir();
  if (shared === undefined) throw new Error("no ../shared/corpus beside this checkout (scripts/shared-dir.sh)");
  const small = mkdtempSync(join(tmpdir(), "shim-bench-lint-"));
  writeFileSync(join(small, "main.tf"), 'variable "name" {\n  type = string\n}\n\noutput "name" {\n  value = var.name\n}\n');
  return [
    await compare("../shared/corpus", "293 .tf", join(shared, "corpus"), ["--recursive"], runs, lintCommand, tflint),
    await compare("one small file", "1 .tf", small, [], runs, lintCommand, tflint),
  ];
}

export function formatLint(figures: LintFigures[]): string {
  const rows = figures.flatMap((f) => {
    const ours = medians(f.ours);
    const theirs = medians(f.tflint);
    const ratio = (pick: (s: ProcessSample) => number) => `${pairedRatio(f.ours, f.tflint, pick).toFixed(2)}x`;
    return [
      [f.name, f.files, "genesys-oauth-shim lint", ours.wallS.toFixed(3), ours.cpuS.toFixed(3), ours.peakRssMiB.toFixed(1)],
      ["", "", `tflint ${TFLINT_VERSION}`, theirs.wallS.toFixed(3), theirs.cpuS.toFixed(3), theirs.peakRssMiB.toFixed(1)],
      ["", "", "ratio (median of pairs)", ratio((s) => s.wallS), ratio((s) => s.cpuS), ratio((s) => s.peakRssMiB)],
    ];
  });
  return table(["input", "files", "", "wall s", "CPU s", "peak RSS MiB"], rows);
}
