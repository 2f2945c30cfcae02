import { runDeadline, timeoutFromEnvironment } from "../core/deadline.js";
import { OAuthClientsApi } from "./clients-api.js";
import type { GenesysEndpoints } from "./endpoints.js";
import { HttpClient } from "./http.js";
import { fetchAccessToken, testClientCredentials, type GenesysCredentials } from "./token.js";

export { timeoutFromEnvironment };

export interface GenesysSession {
  endpoints: GenesysEndpoints;
  clients: OAuthClientsApi;
  /** The run's access token (fetched once, on first use). */
  accessToken(): Promise<string>;
  /** Gets this run's access token now (once per run): a run learns that its credentials work before any write. */
  authenticate(): Promise<void>;
  /**
   * The rotation template's "test secret": true when these client credentials obtain a token, false when Genesys
   * says the secret is wrong; any other refusal (ip.not.authorized, a disabled client) throws what Genesys said.
   */
  credentialsWork(clientId: string, clientSecret: string): Promise<boolean>;
  close(): Promise<void>;
}

/** One HTTP client and one access token (fetched on first use) per run, under the run's deadline. */
export function openGenesysSession(endpoints: GenesysEndpoints, credentials: GenesysCredentials, env: NodeJS.ProcessEnv = process.env): GenesysSession {
  const http = new HttpClient({ deadline: runDeadline(env), maxRetryAfterSeconds: 60, maxAttempts: 6 });
  let token: Promise<string> | undefined;
  const getToken = () => (token ??= fetchAccessToken(http, endpoints.loginBaseUrl, credentials));
  return {
    endpoints,
    clients: new OAuthClientsApi(http, endpoints.apiBaseUrl, getToken),
    accessToken: getToken,
    authenticate: async () => {
      await getToken();
    },
    credentialsWork: (clientId, clientSecret) => testClientCredentials(http, endpoints.loginBaseUrl, clientId, clientSecret),
    close: () => http.close(),
  };
}
