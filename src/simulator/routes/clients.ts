// /api/v2/oauth/clients… on the API listener.
import { authorize, requireHeldRoles, rolesOf } from "../auth.js";
import { Permission } from "../directory.js";
import { ApiError } from "../errors.js";
import { parseJsonBody, type RequestContext, type SimResponse } from "../http.js";
import { route, type Route } from "../router.js";
import type { SimulatorState } from "../state.js";
import type { StoredClient } from "../store.js";
import { validateClientRequest } from "../validation.js";
import { oauthClientView } from "../views.js";

const COLLECTION = "/api/v2/oauth/clients";

function clientNotFound(id: string): ApiError {
  return new ApiError(404, "client.not.found", `OAuth client ${id} was not found.`, {
    messageWithParams: "OAuth client {id} was not found.",
    messageParams: { id },
    entityId: id,
  });
}

function existing(state: SimulatorState, ctx: RequestContext): StoredClient {
  const id = ctx.params["id"] ?? "";
  const client = state.clients.get(id);
  if (!client) throw clientNotFound(id);
  return client;
}

/** What GET shows: a client created moments ago is not readable yet (lag.ts). */
function readable(state: SimulatorState, ctx: RequestContext): StoredClient {
  const client = existing(state, ctx);
  if (Date.now() < client.visibleToGetAt) throw clientNotFound(client.id);
  return client;
}

/** A soft-deleted client can only be read until Genesys removes it (the refusal's code is the simulator's choice). */
function writable(state: SimulatorState, ctx: RequestContext): StoredClient {
  const client = existing(state, ctx);
  if (client.state === "deleted") {
    throw new ApiError(400, "bad.client.state", `OAuth client ${client.id} is deleted (permanent removal on ${client.dateToDelete}); it cannot be changed.`, {
      messageWithParams: "OAuth client {id} is deleted (permanent removal on {dateToDelete}); it cannot be changed.",
      messageParams: { id: client.id, dateToDelete: client.dateToDelete ?? "" },
      entityId: client.id,
    });
  }
  return client;
}

function ok(body: unknown): SimResponse {
  return { status: 200, body };
}

/** The page documents no paging parameters, so every client is on page 1 and any query string is ignored. */
function list(state: SimulatorState, ctx: RequestContext): SimResponse {
  authorize(state, ctx, Permission.view);
  const now = Date.now();
  const entities = state.clients
    .list()
    .filter((client) => now >= client.visibleToListAt)
    .map((client) => oauthClientView(client, { includeSecret: false }));
  return ok({
    entities,
    pageSize: entities.length,
    pageNumber: 1,
    total: entities.length,
    pageCount: 1,
    firstUri: COLLECTION,
    nextUri: null,
    previousUri: null,
    lastUri: COLLECTION,
    selfUri: COLLECTION,
  });
}

function create(state: SimulatorState, ctx: RequestContext): SimResponse {
  const callerClient = authorize(state, ctx, Permission.add);
  const fields = validateClientRequest(parseJsonBody(ctx), "create");
  requireHeldRoles(callerClient, rolesOf(fields), "assign a role to a client");
  return ok(oauthClientView(state.clients.create(fields, callerClient.id), { includeSecret: true }));
}

function get(state: SimulatorState, ctx: RequestContext): SimResponse {
  authorize(state, ctx, Permission.view);
  return ok(oauthClientView(readable(state, ctx), { includeSecret: false }));
}

function replace(state: SimulatorState, ctx: RequestContext): SimResponse {
  const callerClient = authorize(state, ctx, Permission.edit);
  const client = writable(state, ctx);
  const fields = validateClientRequest(parseJsonBody(ctx), "update");
  requireHeldRoles(callerClient, rolesOf(client), "edit a client");
  requireHeldRoles(callerClient, rolesOf(fields), "assign a role to a client");
  const updated = state.clients.replace(client.id, fields, callerClient.id);
  if (!updated) throw clientNotFound(client.id);
  return ok(oauthClientView(updated, { includeSecret: false }));
}

function remove(state: SimulatorState, ctx: RequestContext): SimResponse {
  const callerClient = authorize(state, ctx, Permission.delete);
  const client = writable(state, ctx);
  if (client.state !== "inactive") {
    throw new ApiError(400, "cannot.delete.client", `OAuth client ${client.id} is ${client.state}; set its state to inactive before deleting it.`, {
      messageWithParams: "OAuth client {id} is {state}; set its state to inactive before deleting it.",
      messageParams: { id: client.id, state: client.state },
      entityId: client.id,
    });
  }
  state.clients.delete(client.id, callerClient.id);
  return { status: 204 };
}

/** Any request body is ignored: the endpoint takes none. */
function regenerateSecret(state: SimulatorState, ctx: RequestContext): SimResponse {
  const callerClient = authorize(state, ctx, Permission.edit);
  const client = writable(state, ctx);
  requireHeldRoles(callerClient, rolesOf(client), "edit a client");
  const updated = state.clients.regenerateSecret(client.id, callerClient.id);
  if (!updated) throw clientNotFound(client.id);
  return ok(oauthClientView(updated, { includeSecret: true }));
}

export function clientRoutes(state: SimulatorState): Route[] {
  return [
    route("GET", COLLECTION, (ctx) => list(state, ctx)),
    route("POST", COLLECTION, (ctx) => create(state, ctx)),
    route("GET", `${COLLECTION}/{id}`, (ctx) => get(state, ctx)),
    route("PUT", `${COLLECTION}/{id}`, (ctx) => replace(state, ctx)),
    route("DELETE", `${COLLECTION}/{id}`, (ctx) => remove(state, ctx)),
    route("POST", `${COLLECTION}/{id}/secret`, (ctx) => regenerateSecret(state, ctx)),
  ];
}
