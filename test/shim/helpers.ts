// Helpers for the shim's integration tests: run the bundled shim as Terraform would, and look at what it left in
// the simulator and in moto.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, beforeEach } from "node:test";
import { ADMIN_ROLE_ID, HOME_DIVISION_ID } from "../../src/simulator/index.js";
import type { ExternalResult } from "../support/protocol-driver.js";
import { runShim, runShimExternal, SHIM_BUNDLE } from "../support/shim.js";
import type { ProcessResult } from "../support/processes.js";
import { startServices, type Services } from "../support/services.js";

export {
  createClientAsAdmin,
  deleteClientAsAdmin,
  describeExisting,
  describeSecret,
  getClient,
  motoSecretsClient,
  readStoredDocument,
  secretTags,
  tokenStatus,
  writeCounts,
} from "../support/inspect.js";

export const BUNDLE = SHIM_BUNDLE;
export const CANARY = "CANARYshimTEST";
export const RESULT_KEYS = ["client_id", "client_name", "genesys_region", "secret_arn", "secret_name", "secret_version_id", "standby_client_id"];

export function assertBundleBuilt(): void {
  assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run \`make build\` (make test does it first)`);
}

export function adminRoles(): string {
  return JSON.stringify([{ role_id: ADMIN_ROLE_ID, division_id: HOME_DIVISION_ID }]);
}

export function baseQuery(overrides: Record<string, string> = {}): Record<string, string> {
  return { name: "billing-integration", secret_name: "genesys/billing-integration", role_divisions: adminRoles(), ...overrides };
}

export function ensure(services: Services, query: Record<string, string>, env: Record<string, string | undefined> = {}): Promise<ExternalResult> {
  return runShimExternal("external", query, { env: services.shimEnv(env) });
}

export function ensureRaw(services: Services, stdin: string, env: Record<string, string | undefined> = {}, args: string[] = []): Promise<ProcessResult> {
  return runShim("external", stdin, { env: services.shimEnv(env), timeoutMs: 60_000, args });
}

export function runDelete(services: Services, input: Record<string, string> | undefined, env: Record<string, string | undefined> = {}): Promise<ProcessResult> {
  return runShim("delete", input ? JSON.stringify(input) : "", { env: services.shimEnv(env) });
}

/** Fails unless the run exited 0; returns the result map. */
export async function ensureOk(
  services: Services,
  query: Record<string, string>,
  env: Record<string, string | undefined> = {},
): Promise<Record<string, string>> {
  const run = await ensure(services, query, env);
  assert.equal(run.code, 0, `shim failed:\n${run.stderr}`);
  assertNoCanary(run);
  return run.result!;
}

export function assertNoCanary(run: { stdout: string; stderr: string }): void {
  assert.ok(!run.stdout.includes(CANARY), "a client secret reached stdout");
  assert.ok(!run.stderr.includes(CANARY), "a client secret reached stderr");
}

/**
 * Waits until the simulator's reads have caught up with every write so far (its list and GET lag behind creates,
 * as Genesys' do): for tests that count the calls of a steady-state run, which is what a run after the lag is.
 */
export async function waitForReadLag(services: Services): Promise<void> {
  const response = await fetch(`${services.sim.apiUrl}/__sim/lag`);
  const lag = (await response.json()) as { listMs: number; getMs: number };
  await new Promise((resolve) => setTimeout(resolve, Math.max(lag.listMs, lag.getMs) + 50));
}

/** Zero the simulator's and the proxy's counters; unlike services.reset(), every client and secret stays. */
export async function resetCounters(services: Services): Promise<void> {
  services.proxy.reset();
  const response = await fetch(`${services.sim.apiUrl}/__sim/reset`, { method: "POST" });
  assert.equal(response.status < 300, true, `simulator reset: ${response.status}`);
  await response.body?.cancel();
}

/**
 * The services of one test file: started before its first test (after checking the bundle exists), reset before
 * each test unless `resetEachTest` is false, stopped after the last. Usable at module level, before they start.
 */
export function servicesForThisFile(options: { secretPrefix?: string; resetEachTest?: boolean } = {}): Services {
  let started: Services | undefined;
  before(async () => {
    assertBundleBuilt();
    started = await startServices(options.secretPrefix === undefined ? {} : { secretPrefix: options.secretPrefix });
  });
  after(async () => started?.close());
  if (options.resetEachTest !== false) beforeEach(async () => started!.reset());
  return new Proxy({} as Services, {
    get(_target, key) {
      if (!started) throw new Error("the test services are not started yet (use them inside a test or hook)");
      const value = started[key as keyof Services];
      return typeof value === "function" ? value.bind(started) : value;
    },
  });
}
