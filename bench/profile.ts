// Where a no-change ensure spends its CPU: builds the bundle with a source map into a temp dir, runs one
// no-change ensure under V8's sampling profiler and prints the time per source package (self time, and time with
// everything it called), plus the time Node spends compiling the bundle and loading its own built-in modules.
// `node --import tsx bench/profile.ts`. One run: noisy, for finding the big items only.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runProcess } from "../test/support/processes.js";
import { startServices } from "../test/support/services.js";
import { table } from "./measure.js";
import { ensureQuery } from "./startup.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const root = fileURLToPath(new URL("..", import.meta.url));

function sourceOf(path: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (m) return m[1]!;
  const s = /(src\/[^/]+|scripts\/[^/]+|[^/]+$)/.exec(path);
  return s ? s[1]! : path;
}

/** Milliseconds per bucket: self time, and inclusive time (a sample counts once per bucket on its stack). */
export function attribute(profile: Profile, bundleUrl: string, map: SourceMap): { self: Map<string, number>; inclusive: Map<string, number>; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const bucketOf = new Map<number, string>();
  const bucket = (n: ProfileNode): string => {
    const cached = bucketOf.get(n.id);
    if (cached) return cached;
    const { url, functionName, lineNumber, columnNumber } = n.callFrame;
    let b: string;
    if (url === bundleUrl && lineNumber > 0) {
      const entry = map.findEntry(lineNumber, columnNumber) as { originalSource?: string };
      b = entry.originalSource ? sourceOf(entry.originalSource) : "bundle (unmapped)";
    } else if (functionName === "compileSourceTextModule") b = "node: compiling the bundle (parse)";
    else if (functionName === "compileForInternalLoader") b = "node: loading built-in modules";
    else if (url.startsWith("node:")) b = "node: built-in JavaScript";
    else if (functionName === "(idle)") b = "(idle: waiting for the network)";
    else if (functionName === "(garbage collector)") b = "(garbage collector)";
    else b = functionName || "(native)";
    bucketOf.set(n.id, b);
    return b;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const leaf = byId.get(id)!;
    self.set(bucket(leaf), (self.get(bucket(leaf)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let cur: number | undefined = id, guard = 0; cur !== undefined && guard < 1000; cur = parent.get(cur), guard++) {
      const b = bucket(byId.get(cur)!);
      if (seen.has(b)) continue;
      seen.add(b);
      inclusive.set(b, (inclusive.get(b) ?? 0) + ms);
    }
  });
  return { self, inclusive, totalMs };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "shim-profile-"));
  const services = await startServices();
  try {
    const bundle = join(dir, "genesys-oauth-shim.mjs");
    const build = await runProcess(process.execPath, ["scripts/build.mjs", bundle], { cwd: root, env: { ...process.env, SHIM_BUILD_SOURCEMAP: "1" } });
    if (build.code !== 0) throw new Error(`build failed: ${build.stderr}`);
    // Without the code cache: functions V8 deserialises from it carry no script URL in a profile, so they could not
    // be mapped to their sources. The figures are then those of a first run (compiling included).
    const env = services.shimEnv({ GENESYS_OAUTH_SHIM_CODE_CACHE: "off" });
    const query = ensureQuery("bench-profile", "bench/profile");
    await runProcess(process.execPath, [bundle, "external"], { env, stdin: query, cwd: dir });
    const run = await runProcess(process.execPath, ["--cpu-prof", "--cpu-prof-interval", "100", "--cpu-prof-dir", dir, bundle, "external"], {
      env,
      stdin: query,
      cwd: dir,
    });
    if (run.code !== 0) throw new Error(`ensure failed: ${run.stderr}`);
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error("no profile written");
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;
    // The CLI runs as the bundle's embedded payload (src/bundle-entry.ts): its frames carry the bundle's path.
    const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.payload.map`, "utf8")) as ConstructorParameters<typeof SourceMap>[0]);
    const { self, inclusive, totalMs } = attribute(profile, `file://${bundle}`, map);
    const rows = [...self.keys()]
      .sort((a, b) => (self.get(b) ?? 0) - (self.get(a) ?? 0))
      .slice(0, 25)
      .map((k) => [k, (self.get(k) ?? 0).toFixed(1), (inclusive.get(k) ?? 0).toFixed(1)]);
    console.log(`one no-change ensure under the V8 sampling profiler (100 µs): ${totalMs.toFixed(0)} ms from the first to the last sample`);
    console.log(table(["where", "self ms", "incl. ms"], rows));
  } finally {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
