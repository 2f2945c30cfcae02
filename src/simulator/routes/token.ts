// The login listener's only route: POST /oauth/token, client-credentials grant with HTTP Basic auth.
import type { RequestContext, SimResponse } from "../http.js";
import { ipAllowed } from "../ip-allowlist.js";
import { route, type Route } from "../router.js";
import type { SimulatorState } from "../state.js";

const AUTH_FAILED = { error: "invalid_client", description: "authentication failed", error_description: "authentication failed" };
const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

function oauthError(status: number, error: string, description: string): SimResponse {
  return { status, body: { error, description, error_description: description }, headers: NO_STORE };
}

const authenticationFailed: SimResponse = { status: 401, body: AUTH_FAILED, headers: NO_STORE };

function basicCredentials(ctx: RequestContext): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(ctx.headers.authorization ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0 || colon === decoded.length - 1) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function issueToken(state: SimulatorState, ctx: RequestContext): SimResponse {
  if (!/^application\/x-www-form-urlencoded\b/i.test(ctx.headers["content-type"] ?? "")) {
    return oauthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
  }
  const form = new URLSearchParams(ctx.rawBody.toString("utf8"));
  const grantTypes = form.getAll("grant_type");
  if (grantTypes.length === 0) return oauthError(400, "invalid_request", "grant_type is required");
  if (grantTypes.some((grant) => grant !== "client_credentials")) {
    return oauthError(400, "unsupported_grant_type", "only grant_type=client_credentials is supported");
  }
  // Credentials belong in the Authorization header only; a body carrying them is an authentication failure.
  if (form.has("client_id") || form.has("client_secret")) return authenticationFailed;
  if (grantTypes.length > 1 || [...form.keys()].some((key) => key !== "grant_type")) {
    return oauthError(400, "invalid_request", "the body must be exactly grant_type=client_credentials");
  }
  const credentials = basicCredentials(ctx);
  const client = credentials && state.clients.authenticate(credentials.id, credentials.secret);
  if (!client || client.state !== "active") return authenticationFailed;
  // The body of this refusal is not documented yet (the feature is announced): the code is the one the API's
  // 401 list names (ip.not.authorized), in the login service's error shape.
  if (!ipAllowed(client.allowedIps, ctx.remoteAddress)) {
    return oauthError(401, "ip.not.authorized", `requests from ${ctx.remoteAddress} are not allowed for this client`);
  }
  // Only a client-credentials client may use this grant (the reference page is silent; docs/SIMULATOR.md).
  if (client.authorizedGrantType !== "CLIENT-CREDENTIALS") {
    return oauthError(400, "unsupported_grant_type", "this client is not authorized for grant_type=client_credentials");
  }
  const accessToken = state.tokens.issue(client.id, client.accessTokenValiditySeconds);
  return {
    status: 200,
    body: { access_token: accessToken, token_type: "bearer", expires_in: client.accessTokenValiditySeconds },
    headers: NO_STORE,
  };
}

export function tokenRoutes(state: SimulatorState): Route[] {
  return [route("POST", "/oauth/token", (ctx) => issueToken(state, ctx))];
}
