// Bearer authentication and role-based permission checks for API calls.
import { permissionsOfRoles, type Permission } from "./directory.js";
import { ApiError } from "./errors.js";
import type { RequestContext } from "./http.js";
import type { SimulatorState } from "./state.js";
import type { StoredClient } from "./store.js";

function bearerToken(ctx: RequestContext): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.headers.authorization ?? "");
  return match?.[1];
}

function caller(state: SimulatorState, ctx: RequestContext): StoredClient {
  const token = bearerToken(ctx);
  if (token === undefined) {
    throw new ApiError(401, "authentication.required", "No authentication bearer token specified in authorization header.");
  }
  const lookup = state.tokens.lookup(token);
  // A token outlives a secret regeneration, but not the deletion of its client.
  const client = lookup.status === "valid" ? state.clients.get(lookup.clientId) : undefined;
  if (!client) {
    const why = lookup.status === "expired" ? "has expired" : "is not valid";
    throw new ApiError(401, "bad.credentials", `Invalid login credentials: the access token ${why}.`);
  }
  return client;
}

/** Returns the calling client if its token is valid and its roles grant `permission`. */
export function authorize(state: SimulatorState, ctx: RequestContext, permission: Permission): StoredClient {
  const client = caller(state, ctx);
  const roleIds = [...client.roleDivisions.map((grant) => grant.roleId), ...client.roleIds];
  if (!permissionsOfRoles(roleIds).has(permission)) {
    throw new ApiError(403, "missing.permissions", `Unable to perform the requested action. You are missing the following permission(s): [${permission}]`, {
      messageWithParams: "Unable to perform the requested action. You are missing the following permission(s): {permissions}",
      messageParams: { permissions: `[${permission}]` },
    });
  }
  return client;
}
