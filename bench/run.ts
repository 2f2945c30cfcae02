// Benchmarks: whole-process wall time and peak memory of the bundled shim, as Terraform runs it.
// Prints min / median / max per figure. Not a test: nothing here passes or fails on a number.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ADMIN_ROLE_ID, HOME_DIVISION_ID } from "../src/simulator/index.js";
import { runProcess } from "../test/support/processes.js";
import { startServices } from "../test/support/services.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = `${root}terraform/modules/oauth-client/shim/genesys-oauth-shim.mjs`;
const TIME = "/usr/bin/time";
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

interface Sample {
  ms: number;
  maxRssKiB: number | undefined;
}

async function measure(args: string[], stdin: string, env: NodeJS.ProcessEnv): Promise<Sample> {
  const timed = existsSync(TIME);
  const [cmd, argv] = timed ? [TIME, ["-f", "__maxrss=%M", process.execPath, ...args]] : [process.execPath, args];
  const began = performance.now();
  const run = await runProcess(cmd, argv, { env, stdin, timeoutMs: 120_000, cwd: root });
  const ms = performance.now() - began;
  if (run.code !== 0 && run.code !== 2) throw new Error(`benchmark command failed (${run.code}): ${args.join(" ")}\n${run.stderr}`);
  const rss = /__maxrss=(\d+)/.exec(run.stderr)?.[1];
  return { ms, maxRssKiB: rss === undefined ? undefined : Number(rss) };
}

function summary(name: string, samples: Sample[]): string {
  const stat = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `${sorted[0]!.toFixed(0)} / ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} / ${sorted[sorted.length - 1]!.toFixed(0)}`;
  };
  const rss = samples.map((s) => s.maxRssKiB).filter((v): v is number => v !== undefined);
  return `${name.padEnd(44)} ${String(samples.length).padStart(4)}  ${stat(samples.map((s) => s.ms)).padStart(18)}  ${rss.length ? stat(rss.map((k) => k / 1024)).padStart(16) : "n/a".padStart(16)}`;
}

async function main(): Promise<void> {
  if (!existsSync(bundle)) throw new Error("run `make build` first");
  const services = await startServices();
  const lines: string[] = [];
  try {
    const env = services.shimEnv();
    const query = (secret: string) =>
      JSON.stringify({ name: "bench", secret_name: secret, role_divisions: JSON.stringify([{ role_id: ADMIN_ROLE_ID, division_id: HOME_DIVISION_ID }]) });

    const startup: Sample[] = [];
    for (let i = 0; i < RUNS; i++) startup.push(await measure([bundle, "external", "--help"], "", env));
    lines.push(summary("start-up (external --help)", startup));

    const create: Sample[] = [];
    for (let i = 0; i < Math.min(RUNS, 5); i++) create.push(await measure([bundle, "external"], query(`bench/create-${i}`), env));
    lines.push(summary("ensure, new client (create + store + tag)", create));

    const writesBefore = { genesys: await services.simWriteCount(), secretsManager: services.proxy.writeCount() };
    const steady: Sample[] = [];
    for (let i = 0; i < RUNS; i++) steady.push(await measure([bundle, "external"], query("bench/create-0"), env));
    lines.push(summary("ensure, steady state (zero writes)", steady));
    const genesysWrites = (await services.simWriteCount()) - writesBefore.genesys;
    const awsWrites = services.proxy.writeCount() - writesBefore.secretsManager;
    lines.push(`  writes during the ${steady.length} steady-state runs: Genesys ${genesysWrites}, Secrets Manager ${awsWrites}`);

    const lint: Sample[] = [];
    for (let i = 0; i < Math.min(RUNS, 5); i++) lint.push(await measure([bundle, "lint", "terraform", "test/lint/fixtures/tutorial"], "", env));
    lines.push(summary("lint terraform/ + the tutorial fixture", lint));
  } finally {
    await services.close();
  }
  console.log(`genesys-oauth-shim benchmarks (node ${process.version}; whole process, ${existsSync(TIME) ? "peak RSS from /usr/bin/time" : "no /usr/bin/time: no memory figures"})`);
  console.log(`${"figure".padEnd(44)} ${"runs".padStart(4)}  ${"ms min/median/max".padStart(18)}  ${"MiB min/med/max".padStart(16)}`);
  for (const line of lines) console.log(line);
}

await main();
