// Before/after: the bundle of an earlier git revision against the current one, each as a no-change ensure, and
// bare `node -e 0`, interleaved in one run. `node --import tsx bench/compare.ts REV [RUNS]` (REV e.g. main~3, or
// the path of a bundle built with `node scripts/build.mjs OUTFILE`).
// The old revision is exported with `git archive` into a temp dir and built there by its own scripts/build.mjs
// with this checkout's node_modules.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServices } from "../test/support/services.js";
import { interleaved, medians, pairedRatio, table, timeProcess } from "./measure.js";
import { BUNDLE_PATH, ensureQuery } from "./startup.js";

const root = fileURLToPath(new URL("..", import.meta.url));

function buildRevision(rev: string, dir: string): string {
  const archive = execFileSync("git", ["archive", "--format=tar", rev], { cwd: root, maxBuffer: 1 << 28 });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  const out = join(dir, "before.mjs");
  execFileSync(process.execPath, ["scripts/build.mjs", out], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  return out;
}

async function main(): Promise<void> {
  const [rev, runsText = "10"] = process.argv.slice(2);
  if (!rev) throw new Error("usage: node --import tsx bench/compare.ts REV [RUNS]");
  const runs = Number(runsText);
  const dir = mkdtempSync(join(tmpdir(), "shim-compare-"));
  const services = await startServices();
  try {
    const before = existsSync(rev) ? rev : buildRevision(rev, dir);
    const after = `${root}${BUNDLE_PATH}`;
    const env = services.shimEnv();
    const query = ensureQuery("bench-compare", "bench/compare");
    await timeProcess([process.execPath, after, "external"], { env, stdin: query, cwd: root });
    const samples = await interleaved(runs, {
      bare: async () => (await timeProcess([process.execPath, "-e", "0"], { env, cwd: root })).sample,
      before: async () => (await timeProcess([process.execPath, before, "external"], { env, stdin: query, cwd: root })).sample,
      after: async () => (await timeProcess([process.execPath, after, "external"], { env, stdin: query, cwd: root })).sample,
    });
    const rows = (["bare", "before", "after"] as const).map((name) => {
      const m = medians(samples[name]);
      const label = name === "bare" ? "node -e 0" : `no-change ensure, ${name === "before" ? rev : "this checkout"}`;
      const size = name === "bare" ? "" : (statSync(name === "before" ? before : after).size / 1024).toFixed(0);
      return [
        label,
        size,
        m.cpuS.toFixed(3),
        pairedRatio(samples[name], samples.bare, (s) => s.cpuS).toFixed(2),
        m.wallS.toFixed(3),
        pairedRatio(samples[name], samples.bare, (s) => s.wallS).toFixed(2),
        m.peakRssMiB.toFixed(1),
      ];
    });
    console.log(`${runs} interleaved rounds after one warm-up round; medians; ratios are medians of per-round ratios to node -e 0`);
    console.log(table(["", "bundle KiB", "CPU s", "CPU ×", "wall s", "wall ×", "peak RSS MiB"], rows));
  } finally {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
