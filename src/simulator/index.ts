// startSimulator(): the local Genesys Cloud OAuth API simulator (not Genesys). Contract: docs/CONTRACTS.md.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isLagMs } from "./lag.js";
import { createRequestListener } from "./pipeline.js";
import type { Route } from "./router.js";
import { adminRoutes } from "./routes/admin.js";
import { clientRoutes } from "./routes/clients.js";
import { tokenRoutes } from "./routes/token.js";
import { SECRET_PREFIX_PATTERN } from "./secrets.js";
import { createState } from "./state.js";

export { DEFAULT_READ_LAG } from "./lag.js";
export { SOFT_DELETE_DAYS, SOFT_DELETE_MIN_AGE_DAYS } from "./store.js";
export { ALL_DIVISIONS, ADMIN_ROLE_ID, EMPLOYEE_ROLE_ID, HOME_DIVISION_ID, SINGLE_PERMISSION_ROLE_IDS } from "./directory.js";

export interface SimulatorOptions {
  host?: string;
  apiPort?: number;
  loginPort?: number;
  secretPrefix?: string;
  /** Reads lag behind writes (lag.ts); default DEFAULT_READ_LAG, realistic. */
  listLagMs?: number;
  getLagMs?: number;
}

export interface SimulatorHandle {
  apiUrl: string;
  loginUrl: string;
  admin: { clientId: string; clientSecret: string };
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);

function validateOptions(options: SimulatorOptions): void {
  if (options.host !== undefined && !LOOPBACK_HOSTS.has(options.host)) {
    throw new Error(`The simulator listens on loopback only; host "${options.host}" is not allowed.`);
  }
  for (const [name, port] of [
    ["apiPort", options.apiPort],
    ["loginPort", options.loginPort],
  ] as const) {
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      throw new Error(`${name} must be an integer from 0 to 65535.`);
    }
  }
  for (const [name, lag] of [
    ["listLagMs", options.listLagMs],
    ["getLagMs", options.getLagMs],
  ] as const) {
    if (lag !== undefined && !isLagMs(lag)) throw new Error(`${name} must be an integer from 0 to 600000 (milliseconds).`);
  }
  if (options.secretPrefix !== undefined && options.secretPrefix !== "" && !SECRET_PREFIX_PATTERN.test(options.secretPrefix)) {
    throw new Error("secretPrefix may contain only letters, digits and . _ ~ - (at most 64 characters).");
  }
}

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const hostPart = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve(`http://${hostPart}:${address.port}`);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  validateOptions(options);
  const host = options.host === "localhost" || options.host === undefined ? "127.0.0.1" : options.host;
  const lag = {
    ...(options.listLagMs === undefined ? {} : { listMs: options.listLagMs }),
    ...(options.getLagMs === undefined ? {} : { getMs: options.getLagMs }),
  };
  const state = createState(options.secretPrefix ?? "", lag);
  const shutdown = new AbortController();

  const login = tokenRoutes(state);
  const api = clientRoutes(state);
  const faultableRoutes = (): string[] => [...api, ...login].map((route: Route) => route.key);
  const admin = adminRoutes(state, faultableRoutes);

  const apiServer = createServer(createRequestListener({ state, routes: api, adminRoutes: admin, shutdown: shutdown.signal }));
  const loginServer = createServer(createRequestListener({ state, routes: login, adminRoutes: [], shutdown: shutdown.signal }));

  const close = async (): Promise<void> => {
    shutdown.abort();
    await Promise.all([closeServer(apiServer), closeServer(loginServer)]);
  };
  try {
    const apiUrl = await listen(apiServer, host, options.apiPort ?? 0);
    const loginUrl = await listen(loginServer, host, options.loginPort ?? 0);
    return { apiUrl, loginUrl, admin: { clientId: state.admin.id, clientSecret: state.admin.secret }, close };
  } catch (error) {
    await close();
    throw error;
  }
}
