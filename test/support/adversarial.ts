// The adversarial harness: fault proxies in front of the Genesys simulator (API and login listeners) and moto,
// sharing one request sequence, and a shim run whose every request passes through them. A test can fault any
// request, add latency, count round trips in sequence, or SIGKILL the shim at its Nth request.
import type { ChildProcess } from "node:child_process";
import { BUNDLE } from "../shim/helpers.js";
import { startSecretsManagerProxy, type SecretsManagerProxy } from "./aws-proxy.js";
import { genesysShape, RequestSequence, startFaultProxy, type FaultProxy, type RequestRecord } from "./fault-proxy.js";
import { spawnTracked, type ProcessResult } from "./processes.js";
import type { Services } from "./services.js";

export interface ProxiedPath {
  sequence: RequestSequence;
  aws: SecretsManagerProxy;
  api: FaultProxy;
  login: FaultProxy;
  all: FaultProxy[];
  /** The shim's environment with every service behind the proxies. */
  env(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
  /** Clears counts, faults, latency, hooks and the sequence. */
  reset(): void;
  close(): Promise<void>;
}

export async function startProxiedPath(services: Services): Promise<ProxiedPath> {
  const sequence = new RequestSequence();
  const aws = await startSecretsManagerProxy(services.moto.url, { sequence });
  const api = await startFaultProxy(services.sim.apiUrl, genesysShape("genesys-api"), sequence);
  const login = await startFaultProxy(services.sim.loginUrl, genesysShape("genesys-login"), sequence);
  const all = [aws, api, login];
  return {
    sequence,
    aws,
    api,
    login,
    all,
    env: (extra = {}) =>
      services.shimEnv({
        AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
        GENESYS_OAUTH_SHIM_API_BASE_URL: api.url,
        GENESYS_OAUTH_SHIM_LOGIN_BASE_URL: login.url,
        ...extra,
      }),
    reset() {
      for (const proxy of all) proxy.reset();
      sequence.clear();
    },
    close: async () => {
      await Promise.all(all.map((proxy) => proxy.close()));
    },
  };
}

export interface ShimRun extends ProcessResult {
  /** Wall time from spawn to exit, ms. */
  elapsedMs: number;
  killed: boolean;
}

/**
 * Runs `node BUNDLE <command>` with stdin, and returns its output. `onStart` receives the child (the kill matrix
 * kills it from a proxy hook). A run still alive after `limitMs` is SIGKILLed and reported as such: tests assert
 * on elapsedMs, so a hang is a failure, not a stuck test.
 */
export function runShim(
  command: "external" | "delete",
  stdin: string,
  env: NodeJS.ProcessEnv,
  options: { limitMs?: number; onStart?: (child: ChildProcess) => void; wrapper?: readonly string[] } = {},
): Promise<ShimRun> {
  const began = Date.now();
  return new Promise((resolve, reject) => {
    // wrapper: a program that execs node, e.g. ["faketime", "-f", "-5m"] (the process stays node's, for kills).
    // SHIM_BUNDLE_UNDER_TEST: measure another build (e.g. the one before a change) with the same tests.
    const [program, ...args] = [...(options.wrapper ?? []), "node", process.env.SHIM_BUNDLE_UNDER_TEST ?? BUNDLE, command];
    const child = spawnTracked(program!, args, { env });
    options.onStart?.(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let limited = false;
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => {
      limited = true;
      child.kill("SIGKILL");
    }, options.limitMs ?? 150_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8") + (limited ? `\n[harness: still running after ${options.limitMs} ms; killed]` : ""),
        elapsedMs: Date.now() - began,
        killed: signal === "SIGKILL",
      });
    });
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(stdin);
  });
}

/** The longest chain of requests each of which started after the previous one ended: round trips in sequence. */
export function sequentialRoundTrips(records: readonly RequestRecord[]): number {
  const done = records.filter((r) => r.endedAt !== undefined).sort((a, b) => a.startedAt - b.startedAt);
  const depth: number[] = [];
  for (let i = 0; i < done.length; i++) {
    let best = 0;
    for (let j = 0; j < i; j++) if (done[j]!.endedAt! <= done[i]!.startedAt) best = Math.max(best, depth[j]!);
    depth.push(best + 1);
  }
  return Math.max(0, ...depth);
}

/** Runs tasks with at most `limit` at a time. */
export async function inBatches<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index]!, index);
    }
  });
  await Promise.all(workers);
}
