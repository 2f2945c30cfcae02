// Simulator-only /__sim/ routes (not Genesys): counters, reset, faults, clients, clock. Never counted, never faulted.
import { ApiError } from "../errors.js";
import type { RequestContext, SimResponse } from "../http.js";
import { parseFaultRequest } from "../faults.js";
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
    route("POST", "/__sim/clock", (ctx) => advanceClock(state, ctx)),
  ];
}
