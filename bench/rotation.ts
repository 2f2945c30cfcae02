// What a rotation costs a running application: the Node consumer of docs/CONSUMERS.md (docs/consumers/
// node-consumer.mjs) caches its credentials and asks for a new token every 100 ms while the bundled shim rotates the
// secret 3 times (a new rotation_trigger each time). Counted: token requests the endpoint refused (invalid_client)
// and calls that failed even after the consumer's re-read of AWSCURRENT and its AWSPREVIOUS fallback (what the
// application sees). Also the shim's calls per rotation, under both rotation strategies.
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { runProcess } from "../test/support/processes.js";
import type { Services } from "../test/support/services.js";
import { table } from "./measure.js";
import { BUNDLE_PATH, ensureQuery } from "./startup.js";

export type RotationStrategy = "in_place" | "alternating";

/**
 * The query fields that select each strategy; undefined while the shim does not implement it. When it does, the
 * integrator sets alternating to { rotation_strategy: "alternating" } and bench/run.ts prints its figures too.
 */
const STRATEGY_QUERY: Record<RotationStrategy, Record<string, string> | undefined> = {
  in_place: {}, // the default
  alternating: { rotation_strategy: "alternating" },
};

export interface RotationOptions {
  rotations: number;
  intervalMs: number;
  /** Calls before the first rotation and after the last, so both edges are seen. */
  settleMs: number;
}

export const DEFAULT_ROTATION_OPTIONS: RotationOptions = { rotations: 3, intervalMs: 100, settleMs: 1000 };

export interface RotationFigures {
  strategy: RotationStrategy;
  options: RotationOptions;
  calls: number;
  /** Token requests refused with invalid_client (each one a request made with credentials that no longer worked). */
  refused: number;
  /** getToken() calls that threw: what the application saw, after the re-read and the fallback. */
  failedCalls: number;
  secretReads: number;
  tokenRequests: number;
  /** Per rotation: the shim's wall time and its calls (Genesys /api/v2 routes and Secrets Manager operations). */
  shimRuns: Array<{ wallMs: number; genesys: Record<string, number>; secretsManager: Record<string, number> }>;
}

interface TokenSource {
  getToken(): Promise<string>;
  stats: { tokenRequests: number; refused: number; secretReads: number };
}
type TokenSourceClass = new (options: { secretId: string; secretsManager: SecretsManagerClient; reuseTokens: boolean }) => TokenSource;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function apiCounts(all: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(all).filter(([route]) => route.split(" ")[1]?.startsWith("/api/v2/")));
}

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([k, v]) => [k, v - (before[k] ?? 0)])
      .filter(([, v]) => (v as number) > 0),
  );
}

/** undefined when the shim does not implement the strategy yet. */
export async function measureRotationFailures(
  services: Services,
  root: string,
  strategy: RotationStrategy,
  options = DEFAULT_ROTATION_OPTIONS,
): Promise<RotationFigures | undefined> {
  const strategyQuery = STRATEGY_QUERY[strategy];
  if (strategyQuery === undefined) return undefined;
  const bundle = `${root}${BUNDLE_PATH}`;
  const secretName = `bench/rotation-${strategy}`;
  const query = (trigger: string) =>
    JSON.stringify({ ...JSON.parse(ensureQuery(`bench-rotation-${strategy}`, secretName)), ...strategyQuery, rotation_trigger: trigger });
  const shim = async (trigger: string) => {
    const result = await runProcess(process.execPath, [bundle, "external"], { env: services.shimEnv(), stdin: query(trigger), cwd: root, timeoutMs: 120_000 });
    if (result.code !== 0) throw new Error(`the shim failed (rotation_trigger ${trigger}):\n${result.stderr}`);
    return JSON.parse(result.stdout) as { secret_arn: string };
  };
  const { secret_arn } = await shim("bench-0");

  const { GenesysTokenSource } = (await import(pathToFileURL(join(root, "docs", "consumers", "node-consumer.mjs")).href)) as {
    GenesysTokenSource: TokenSourceClass;
  };
  // moto directly, not the counting proxy: the proxy's counts are the shim's alone
  const secretsManager = new SecretsManagerClient({
    endpoint: services.moto.url,
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  const consumer = new GenesysTokenSource({ secretId: secret_arn, secretsManager, reuseTokens: false });
  await consumer.getToken(); // its credentials are cached from here on

  let calls = 0;
  let failedCalls = 0;
  let stop = false;
  const load = (async () => {
    for (let next = Date.now(); !stop;) {
      calls += 1;
      await consumer.getToken().catch(() => (failedCalls += 1));
      next += options.intervalMs;
      await delay(Math.max(0, next - Date.now()));
    }
  })();

  const shimRuns: RotationFigures["shimRuns"] = [];
  try {
    await delay(options.settleMs);
    for (let rotation = 1; rotation <= options.rotations; rotation++) {
      const genesysBefore = apiCounts(await services.simCounters());
      const awsBefore = services.proxy.counts();
      const began = Date.now();
      await shim(`bench-${rotation}`);
      shimRuns.push({
        wallMs: Date.now() - began,
        genesys: difference(apiCounts(await services.simCounters()), genesysBefore),
        secretsManager: difference(services.proxy.counts(), awsBefore),
      });
      await delay(options.settleMs);
    }
  } finally {
    stop = true;
    await load;
    secretsManager.destroy();
  }
  return {
    strategy,
    options,
    calls,
    failedCalls,
    refused: consumer.stats.refused,
    secretReads: consumer.stats.secretReads,
    tokenRequests: consumer.stats.tokenRequests,
    shimRuns,
  };
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, v]) => `${k.replace(/^(\w+) \/api\/v2\/oauth\/clients/, "$1 …")}×${v}`)
    .join(", ");

export function formatRotation(results: ReadonlyArray<{ strategy: RotationStrategy; figures: RotationFigures | undefined }>): string {
  const rows = results.map(({ strategy, figures: f }) =>
    f === undefined
      ? [strategy, "-", "-", "-", "-", "-"]
      : [strategy, String(f.calls), String(f.refused), String(f.failedCalls), String(f.secretReads), String(f.tokenRequests)],
  );
  const lines = [table(["strategy", "calls", "refused requests", "failed calls", "secret reads", "token requests"], rows)];
  for (const { strategy, figures: f } of results) {
    if (f === undefined) {
      lines.push(`${strategy}: not implemented yet`);
      continue;
    }
    f.shimRuns.forEach((run, i) =>
      lines.push(
        `${strategy} rotation ${i + 1}: ${run.wallMs} ms; Genesys ${sum(run.genesys)} (${list(run.genesys)}); Secrets Manager ${sum(run.secretsManager)} (${list(run.secretsManager)})`,
      ),
    );
  }
  return lines.join("\n");
}

/** Standalone: node --import tsx bench/rotation.ts (bench/run.ts runs it as its section 5). */
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { startServices } = await import("../test/support/services.js");
  const root = new URL("..", import.meta.url).pathname;
  const services = await startServices();
  try {
    const results = [];
    for (const strategy of ["in_place", "alternating"] as const) results.push({ strategy, figures: await measureRotationFailures(services, root, strategy) });
    console.log(formatRotation(results));
  } finally {
    await services.close();
  }
}
