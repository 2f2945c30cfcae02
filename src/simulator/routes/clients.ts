// /api/v2/oauth/clients… on the API listener.
import { authorize } from "../auth.js";
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

function ok(body: unknown): SimResponse {
  return { status: 200, body };
}

/** The page documents no paging parameters, so every client is on page 1 and any query string is ignored. */
function list(state: SimulatorState, ctx: RequestContext): SimResponse {
  authorize(state, ctx, Permission.view);
  const entities = state.clients.list().map((client) => oauthClientView(client, { includeSecret: false }));
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
  return ok(oauthClientView(state.clients.create(fields, callerClient.id), { includeSecret: true }));
}

function get(state: SimulatorState, ctx: RequestContext): SimResponse {
  authorize(state, ctx, Permission.view);
  return ok(oauthClientView(existing(state, ctx), { includeSecret: false }));
}

function replace(state: SimulatorState, ctx: RequestContext): SimResponse {
  const callerClient = authorize(state, ctx, Permission.edit);
  const client = existing(state, ctx);
  const fields = validateClientRequest(parseJsonBody(ctx), "update");
  const updated = state.clients.replace(client.id, fields, callerClient.id);
  if (!updated) throw clientNotFound(client.id);
  return ok(oauthClientView(updated, { includeSecret: false }));
}

function remove(state: SimulatorState, ctx: RequestContext): SimResponse {
  authorize(state, ctx, Permission.delete);
  const client = existing(state, ctx);
  if (client.state !== "inactive") {
    throw new ApiError(400, "cannot.delete.client", `OAuth client ${client.id} is ${client.state}; set its state to inactive before deleting it.`, {
      messageWithParams: "OAuth client {id} is {state}; set its state to inactive before deleting it.",
      messageParams: { id: client.id, state: client.state },
      entityId: client.id,
    });
  }
  state.clients.delete(client.id);
  return { status: 204 };
}

/** Any request body is ignored: the endpoint takes none. */
function regenerateSecret(state: SimulatorState, ctx: RequestContext): SimResponse {
  const callerClient = authorize(state, ctx, Permission.edit);
  const client = existing(state, ctx);
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
