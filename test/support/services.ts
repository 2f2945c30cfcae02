// Everything the shim talks to, on loopback: the Genesys simulator, moto, and the counting/faulting proxy in front
// of moto. close() stops all of it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator, type SimulatorHandle } from "../../src/simulator/index.js";
import { startSecretsManagerProxy, type SecretsManagerProxy } from "./aws-proxy.js";
import { minimalEnv } from "./env.js";
import { startMoto, type MotoHandle } from "./moto.js";

export interface SimFault {
  /** e.g. "POST /api/v2/oauth/clients" (method + route template) */
  route: string;
  times?: number;
  fault: "status" | "rate-limit" | "delay" | "reset" | "commit-then-reset";
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
}

export interface Services {
  sim: SimulatorHandle;
  moto: MotoHandle;
  proxy: SecretsManagerProxy;
  /** The environment the shim needs (Genesys simulator, moto via the proxy, dummy AWS credentials), plus extra. */
  shimEnv(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
  /** GET /__sim/counters */
  simCounters(): Promise<Record<string, number>>;
  /** Counters of POST/PUT/PATCH/DELETE calls on /api/v2 routes only. */
  simWrites(): Promise<Record<string, number>>;
  /** Sum of simWrites(). */
  simWriteCount(): Promise<number>;
  /** POST /__sim/faults */
  simFault(fault: SimFault): Promise<void>;
  /** GET /__sim/clients */
  simClients(): Promise<unknown[]>;
  /** POST /__sim/clock */
  simAdvanceClock(seconds: number): Promise<void>;
  /** Simulator counters and faults (clients stay), moto (every secret goes), proxy counts and faults. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface ServicesOptions {
  secretPrefix?: string;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

async function simAdmin(sim: SimulatorHandle, method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sim.apiUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status} ${text}`);
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

export async function startServices(options: ServicesOptions = {}): Promise<Services> {
  const started: { close(): Promise<void> }[] = [];
  const home = mkdtempSync(join(tmpdir(), "shim-home-"));
  const stopAll = async (): Promise<void> => {
    const results = await Promise.allSettled(started.reverse().map((s) => s.close()));
    started.length = 0;
    rmSync(home, { recursive: true, force: true });
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed.length > 0)
      throw new AggregateError(
        failed.map((f) => f.reason),
        "stopping test services failed",
      );
  };
  try {
    const sim = await startSimulator(options.secretPrefix === undefined ? {} : { secretPrefix: options.secretPrefix });
    started.push(sim);
    const moto = await startMoto();
    started.push(moto);
    const proxy = await startSecretsManagerProxy(moto.url);
    started.push(proxy);

    const simCounters = async (): Promise<Record<string, number>> => {
      const body = (await simAdmin(sim, "GET", "/__sim/counters")) as { counts?: Record<string, number> };
      return body.counts ?? {};
    };
    const simWrites = async (): Promise<Record<string, number>> => {
      const writes: Record<string, number> = {};
      for (const [key, n] of Object.entries(await simCounters())) {
        const [method, route] = key.split(" ", 2);
        if (method !== undefined && WRITE_METHODS.has(method) && route?.startsWith("/api/v2/")) writes[key] = n;
      }
      return writes;
    };

    return {
      sim,
      moto,
      proxy,
      shimEnv: (extra = {}) =>
        minimalEnv({
          HOME: home,
          GENESYS_OAUTH_SHIM_API_BASE_URL: sim.apiUrl,
          GENESYS_OAUTH_SHIM_LOGIN_BASE_URL: sim.loginUrl,
          GENESYSCLOUD_OAUTHCLIENT_ID: sim.admin.clientId,
          GENESYSCLOUD_OAUTHCLIENT_SECRET: sim.admin.clientSecret,
          GENESYSCLOUD_REGION: "us-east-1",
          AWS_ENDPOINT_URL_SECRETS_MANAGER: proxy.url,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "testing",
          AWS_SECRET_ACCESS_KEY: "testing",
          AWS_EC2_METADATA_DISABLED: "true",
          // never read a developer's ~/.aws (these files do not exist)
          AWS_CONFIG_FILE: join(home, "aws-config"),
          AWS_SHARED_CREDENTIALS_FILE: join(home, "aws-credentials"),
          ...extra,
        }),
      simCounters,
      simWrites,
      simWriteCount: async () => Object.values(await simWrites()).reduce((a, b) => a + b, 0),
      simFault: async (fault) => {
        await simAdmin(sim, "POST", "/__sim/faults", { times: 1, ...fault });
      },
      simClients: async () => {
        const body = await simAdmin(sim, "GET", "/__sim/clients");
        if (Array.isArray(body)) return body as unknown[];
        const clients = (body as { clients?: unknown[] } | undefined)?.clients;
        return Array.isArray(clients) ? clients : [];
      },
      simAdvanceClock: async (seconds) => {
        await simAdmin(sim, "POST", "/__sim/clock", { advanceSeconds: seconds });
      },
      reset: async () => {
        proxy.reset();
        await Promise.all([moto.reset(), simAdmin(sim, "POST", "/__sim/reset")]);
      },
      close: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
