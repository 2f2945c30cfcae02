// `make bench`: the figures of docs/PERFORMANCE.md, printed side by side in one run. Not a test: nothing here
// passes or fails on a number. Section 5 (bench/rotation.ts) counts a consumer's refused token requests across rotations.
// Environment: BENCH_RUNS (start-up pairs, default 10), BENCH_LATENCY_RUNS (default
// 5), BENCH_PLAN_RUNS (plans per size, default 3), BENCH_PLAN_SIZES (default "1,10,50"), BENCH_DELAY_MS (50),
// BENCH_LINT_RUNS (lint/tflint pairs, default 5), TFLINT_BIN (else tflint is built into .cache/bin once).
import { cpus, loadavg } from "node:os";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runProcess } from "../test/support/processes.js";
import { startServices } from "../test/support/services.js";
import { terraformBin } from "../test/support/toolchain.js";
import { formatLatency, measureLatency } from "./latency.js";
import { formatLint, measureLint, TFLINT_VERSION } from "./lint.js";
import { formatPlans, LAYOUTS, measurePlan, type PlanFigures } from "./plan.js";
import { DEFAULT_ROTATION_OPTIONS, formatRotation, measureRotationFailures } from "./rotation.js";
import { BUNDLE_PATH, formatStartup, measureStartup } from "./startup.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const numberFromEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

async function main(): Promise<void> {
  if (!existsSync(`${root}${BUNDLE_PATH}`)) throw new Error("run `make build` first");
  const runs = numberFromEnv("BENCH_RUNS", 10);
  const latencyRuns = numberFromEnv("BENCH_LATENCY_RUNS", 5);
  const planRuns = numberFromEnv("BENCH_PLAN_RUNS", 3);
  const delayMs = numberFromEnv("BENCH_DELAY_MS", 50);
  const lintRuns = numberFromEnv("BENCH_LINT_RUNS", 5);
  const sizes = (process.env.BENCH_PLAN_SIZES ?? "1,10,50").split(",").map(Number);
  const terraform = terraformBin();
  const tfVersion = (await runProcess(terraform, ["version"], { env: { PATH: process.env.PATH ?? "" } })).stdout.split("\n")[0];
  const bundleKiB = (await import("node:fs")).statSync(`${root}${BUNDLE_PATH}`).size / 1024;

  console.log(`genesys-oauth-shim benchmarks, ${new Date().toISOString().slice(0, 16)}Z`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}; node ${process.version}; ${tfVersion}; bundle ${bundleKiB.toFixed(0)} KiB`);
  console.log("whole-process figures from wait4() (CPU includes every child the process waited for); medians");
  // Wall times on a loaded machine measure the queue for a CPU: say how loaded it was.
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(", ")} (1, 5, 15 min) on ${cpus().length} CPUs\n`,
  );

  const services = await startServices();
  try {
    console.log(`1. start-up: no-change ensure vs bare node, ${runs} interleaved pairs after one warm-up pair`);
    console.log(formatStartup(await measureStartup(services, root, runs)));

    console.log(`\n2. the same ensure with ${delayMs} ms added to every request by a loopback proxy, ${latencyRuns} runs`);
    console.log(formatLatency(await measureLatency(services, root, latencyRuns, delayMs)));

    console.log(`\n3. no-change terraform plan, ${planRuns} plans per size after one apply`);
    const plans: PlanFigures[] = [];
    for (const layout of LAYOUTS) for (const n of sizes) plans.push(await measurePlan(services, layout, n, planRuns));
    console.log(formatPlans(plans));

    console.log(`\n4. lint vs tflint ${TFLINT_VERSION} (bundled terraform ruleset), ${lintRuns} interleaved pairs after one warm-up pair`);
    console.log(formatLint(await measureLint(root, lintRuns)));
    const { rotations, intervalMs } = DEFAULT_ROTATION_OPTIONS;
    console.log(
      `\n5. a consumer (docs/consumers/node-consumer.mjs) asks for a token every ${intervalMs} ms with cached credentials across ${rotations} rotations`,
    );
    const rotationResults = [];
    for (const strategy of ["in_place", "alternating"] as const)
      rotationResults.push({ strategy, figures: await measureRotationFailures(services, root, strategy) });
    console.log(formatRotation(rotationResults));
    console.log(
      `\nload average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(", ")}`,
    );
  } finally {
    await services.close();
  }
}

await main();
