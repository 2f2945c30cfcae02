import { ShimError } from "../core/errors.js";
import { registerBasicCredentials, registerSecret } from "../core/redact.js";
import { genesysError } from "./api-error.js";
import type { HttpClient } from "./http.js";
import { parseJsonBody } from "./json-body.js";

export interface GenesysCredentials {
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
}

export function credentialsFromEnvironment(env: NodeJS.ProcessEnv = process.env): GenesysCredentials {
  const accessToken = env.GENESYSCLOUD_ACCESS_TOKEN?.trim();
  if (accessToken) return { accessToken };
  const clientId = env.GENESYSCLOUD_OAUTHCLIENT_ID?.trim();
  const clientSecret = env.GENESYSCLOUD_OAUTHCLIENT_SECRET?.trim();
  if (clientId && clientSecret) return { clientId, clientSecret };
  const missing = [!clientId && "GENESYSCLOUD_OAUTHCLIENT_ID", !clientSecret && "GENESYSCLOUD_OAUTHCLIENT_SECRET"].filter(Boolean).join(" and ");
  throw new ShimError("MISSING_CREDENTIALS", `missing Genesys Cloud credentials: ${missing} not set in the environment`, {
    hint: "Set GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET (a client-credentials client with the oauth:client permissions), or GENESYSCLOUD_ACCESS_TOKEN. Credentials are read only from the environment, never from the Terraform query.",
  });
}

/** One client-credentials token request against https://login.<domain>/oauth/token with Basic auth. */
function requestToken(http: HttpClient, loginBaseUrl: string, clientId: string, clientSecret: string, operation: string) {
  registerBasicCredentials(clientId, clientSecret);
  return http.send({
    method: "POST",
    url: `${loginBaseUrl}/oauth/token`,
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
    retry: "idempotent",
    operation,
  });
}

/** The run's access token: GENESYSCLOUD_ACCESS_TOKEN, else a client-credentials grant. */
export async function fetchAccessToken(http: HttpClient, loginBaseUrl: string, credentials: GenesysCredentials): Promise<string> {
  if (credentials.accessToken) return credentials.accessToken;
  const { clientId, clientSecret } = credentials;
  if (!clientId || !clientSecret) throw new ShimError("MISSING_CREDENTIALS", "missing Genesys Cloud client credentials");
  const response = await requestToken(http, loginBaseUrl, clientId, clientSecret, "get an access token");
  if (response.status < 200 || response.status > 299) throw genesysError("get an access token", response);
  const token = (parseJsonBody("get an access token", response.text) as { access_token?: unknown } | undefined)?.access_token;
  if (typeof token !== "string" || token === "") {
    throw new ShimError("GENESYS_AUTH_FAILED", "the Genesys Cloud login service answered without an access_token");
  }
  registerSecret(token);
  return token;
}

interface TokenErrorBody {
  error?: string;
  code?: string;
}

/**
 * A refusal that means "this secret is wrong": the OAuth error invalid_client (RFC 6749 allows 400 or 401; Genesys
 * answers 401 "authentication failed") or the API's bad.credentials. Nothing else may be repaired by regenerating.
 */
export function isWrongSecretRefusal(status: number, text: string): boolean {
  if (status !== 400 && status !== 401) return false;
  let body: TokenErrorBody = {};
  try {
    body = (JSON.parse(text) as TokenErrorBody | null) ?? {};
  } catch {
    return false;
  }
  return body.error === "invalid_client" || body.code === "bad.credentials";
}

/** The end of a refusal's hint; a caller that had already regenerated and stored (a rotation) replaces it. */
export const NOTHING_REGENERATED = "Nothing was regenerated: the stored secret is as it was.";

function refusalHint(code: string | undefined): string {
  const kept = NOTHING_REGENERATED;
  if (code === "ip.not.authorized") {
    return `Genesys Cloud refuses token requests for this client from this machine's IP address. Add the address (or its range) to the client's allowed IP addresses in Genesys Cloud, or run from an allowed network, then run again. ${kept}`;
  }
  return `Fix what Genesys Cloud reported (for example a client that is disabled), then run again. ${kept}`;
}

/**
 * Whether a stored client secret works: one client-credentials token request with it (the token is discarded).
 * 2xx: it works (true); a wrong-secret refusal: false, the only answer a caller may repair by regenerating. Any other
 * refusal (an IP allow-list, a disabled client, a grant the client lacks) is reported as Genesys said it, never read
 * as a wrong secret; a 5xx after retries is an error too.
 */
export async function testClientCredentials(http: HttpClient, loginBaseUrl: string, clientId: string, clientSecret: string): Promise<boolean> {
  const operation = "test the stored client secret";
  const response = await requestToken(http, loginBaseUrl, clientId, clientSecret, operation);
  if (response.status >= 200 && response.status <= 299) return true;
  if (isWrongSecretRefusal(response.status, response.text)) return false;
  const error = genesysError(operation, response);
  if (response.status >= 500) throw error;
  const code = error.upstream?.code;
  throw new ShimError(
    "GENESYS_AUTH_FAILED",
    `Genesys Cloud refused a token for the OAuth client ${clientId} for a reason other than a wrong secret (HTTP ${response.status}${code ? `, ${code}` : ""})`,
    {
      upstream: error.upstream,
      hint: refusalHint(code),
    },
  );
}
