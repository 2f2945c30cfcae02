// Bearer authentication and role-based permission checks for API calls.
import { permissionsOfRoles, roleName, type Permission } from "./directory.js";
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
  const found = lookup.status === "valid" ? state.clients.get(lookup.clientId) : undefined;
  const client = found?.state === "deleted" ? undefined : found;
  if (!client) {
    const why = lookup.status === "expired" ? "has expired" : "is not valid";
    throw new ApiError(401, "bad.credentials", `Invalid login credentials: the access token ${why}.`);
  }
  return client;
}

export function rolesOf(client: Pick<StoredClient, "roleDivisions" | "roleIds">): Set<string> {
  return new Set([...client.roleDivisions.map((grant) => grant.roleId), ...client.roleIds]);
}

/**
 * Genesys help: the caller must itself hold every role it assigns, and editing a client needs the same roles as
 * the client. The error's code and status are not documented: this one is the simulator's choice.
 */
export function requireHeldRoles(callerClient: StoredClient, roleIds: Iterable<string>, why: string): void {
  const held = rolesOf(callerClient);
  const missing = [...new Set(roleIds)].filter((roleId) => !held.has(roleId));
  if (missing.length === 0) return;
  const names = missing.map((roleId) => `${roleName(roleId)} (${roleId})`).join(", ");
  throw new ApiError(403, "not.authorized", `You cannot ${why} without holding its roles yourself; you lack: ${names}.`, {
    messageWithParams: `You cannot ${why} without holding its roles yourself; you lack: {roles}.`,
    messageParams: { roles: names },
  });
}

/** Returns the calling client if its token is valid and its roles grant `permission`. */
export function authorize(state: SimulatorState, ctx: RequestContext, permission: Permission): StoredClient {
  const client = caller(state, ctx);
  if (!permissionsOfRoles(rolesOf(client)).has(permission)) {
    throw new ApiError(403, "missing.permissions", `Unable to perform the requested action. You are missing the following permission(s): [${permission}]`, {
      messageWithParams: "Unable to perform the requested action. You are missing the following permission(s): {permissions}",
      messageParams: { permissions: `[${permission}]` },
    });
  }
  return client;
}
