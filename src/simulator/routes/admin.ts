// Simulator-only /__sim/ routes (not Genesys): counters, reset, faults, clients, clock. Never counted, never faulted.
import { ApiError } from "../errors.js";
import type { RequestContext, SimResponse } from "../http.js";
import { parseFaultRequest } from "../faults.js";
import { isAllowListEntry } from "../ip-allowlist.js";
import { isLagMs } from "../lag.js";
import { route, type Route } from "../router.js";
import type { SimulatorState } from "../state.js";
import { oauthClientView } from "../views.js";

function jsonObject(ctx: RequestContext): Record<string, unknown> {
  const text = ctx.rawBody.toString("utf8");
  try {
    const value: unknown = JSON.parse(text === "" ? "{}" : text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new ApiError(400, "bad.request", "Expected a JSON object body.");
}

function advanceClock(state: SimulatorState, ctx: RequestContext): SimResponse {
  const seconds = jsonObject(ctx)["advanceSeconds"];
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
    throw new ApiError(400, "bad.request", "advanceSeconds must be a non-negative number.");
  }
  state.clock.advance(seconds);
  return { status: 200, body: { now: state.clock.isoNow() } };
}

function setLag(state: SimulatorState, ctx: RequestContext): SimResponse {
  const body = jsonObject(ctx);
  for (const [key, field] of [
    ["listMs", "listMs"],
    ["getMs", "getMs"],
  ] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (!isLagMs(value)) throw new ApiError(400, "bad.request", `${key} must be an integer number of milliseconds from 0 to 600000.`);
    state.lag[field] = value;
  }
  return { status: 200, body: { ...state.lag } };
}

function clientForAdmin(state: SimulatorState, ctx: RequestContext) {
  const client = state.clients.get(ctx.params["id"] ?? "");
  if (!client) throw new ApiError(404, "not.found", `No client ${ctx.params["id"]}.`);
  return client;
}

function ageClient(state: SimulatorState, ctx: RequestContext): SimResponse {
  const days = jsonObject(ctx)["days"];
  if (typeof days !== "number" || !Number.isFinite(days) || days < 0) throw new ApiError(400, "bad.request", "days must be a non-negative number.");
  const client = state.clients.age(clientForAdmin(state, ctx).id, days)!;
  return { status: 200, body: oauthClientView(client, { includeSecret: false }) };
}

function setAllowedIps(state: SimulatorState, ctx: RequestContext): SimResponse {
  const allowed = jsonObject(ctx)["allowed"];
  if (!Array.isArray(allowed) || !allowed.every((entry) => typeof entry === "string" && isAllowListEntry(entry))) {
    throw new ApiError(400, "bad.request", 'allowed must be a list of IPv4 addresses or CIDR ranges such as "192.0.2.0/24" (empty: allow all).');
  }
  const client = clientForAdmin(state, ctx);
  client.allowedIps = [...(allowed as string[])];
  return { status: 200, body: { id: client.id, allowed: client.allowedIps } };
}

export function adminRoutes(state: SimulatorState, faultableRoutes: () => string[]): Route[] {
  return [
    route("GET", "/__sim/counters", () => ({ status: 200, body: { counts: state.counters.snapshot() } })),
    route("POST", "/__sim/reset", () => {
      state.counters.reset();
      state.faults.clear();
      return { status: 200, body: { reset: true } };
    }),
    route("POST", "/__sim/faults", (ctx) => {
      const request = parseFaultRequest(jsonObject(ctx), faultableRoutes());
      state.faults.add(request.route, request.times, request.fault);
      return { status: 200, body: { route: request.route, times: request.times, ...request.fault } };
    }),
    route("GET", "/__sim/clients", () => ({
      status: 200,
      body: { clients: state.clients.list().map((client) => oauthClientView(client, { includeSecret: false })) },
    })),
    route("GET", "/__sim/clock", () => ({ status: 200, body: { now: state.clock.isoNow() } })),
    route("GET", "/__sim/lag", () => ({ status: 200, body: { ...state.lag } })),
    route("POST", "/__sim/lag", (ctx) => setLag(state, ctx)),
    route("POST", "/__sim/clients/{id}/age", (ctx) => ageClient(state, ctx)),
    route("PUT", "/__sim/clients/{id}/allowed-ips", (ctx) => setAllowedIps(state, ctx)),
    route("POST", "/__sim/clock", (ctx) => advanceClock(state, ctx)),
  ];
}
