import { OAuthClientsApi } from "./clients-api.js";
import type { GenesysEndpoints } from "./endpoints.js";
import { HttpClient } from "./http.js";
import { fetchAccessToken, type GenesysCredentials } from "./token.js";

export interface GenesysSession {
  endpoints: GenesysEndpoints;
  clients: OAuthClientsApi;
  /** The run's access token (fetched once, on first use). */
  accessToken(): Promise<string>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_SECONDS = 120;

export function timeoutFromEnvironment(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GENESYS_OAUTH_SHIM_TIMEOUT_SECONDS;
  const seconds = raw && /^\d+$/.test(raw) ? Number(raw) : DEFAULT_TIMEOUT_SECONDS;
  return Math.max(1, seconds) * 1000;
}

/** One HTTP client and one access token (fetched on first use) per run. */
export function openGenesysSession(endpoints: GenesysEndpoints, credentials: GenesysCredentials, env: NodeJS.ProcessEnv = process.env): GenesysSession {
  const http = new HttpClient({ deadlineMs: timeoutFromEnvironment(env), maxRetryAfterSeconds: 60, maxAttempts: 6 });
  let token: Promise<string> | undefined;
  const getToken = () => (token ??= fetchAccessToken(http, endpoints.loginBaseUrl, credentials));
  return { endpoints, clients: new OAuthClientsApi(http, endpoints.apiBaseUrl, getToken), accessToken: getToken, close: () => http.close() };
}
