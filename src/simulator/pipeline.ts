// One request from arrival to answer: correlation id, admin routes, counting, faults, then the route handler.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiError, notFound, rateLimited, serverError } from "./errors.js";
import { CORRELATION_HEADER, errorResponse, readBody, writeResponse, type RequestContext, type SimResponse } from "./http.js";
import { matchRoute, type Route, type RouteMatch } from "./router.js";
import type { SimulatorState } from "./state.js";

export interface PipelineOptions {
  state: SimulatorState;
  routes: readonly Route[];
  /** Simulator-only routes: answered before counting and faults apply. */
  adminRoutes: readonly Route[];
  shutdown: AbortSignal;
}

async function runHandler(match: RouteMatch, ctx: RequestContext): Promise<SimResponse> {
  try {
    return await match.route.handle({ ...ctx, params: match.params });
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error, ctx.correlationId);
    return errorResponse(new ApiError(500, "internal.server.error", "The simulator failed unexpectedly."), ctx.correlationId);
  }
}

/** Ends the connection without any response: the client sees a reset / "socket hang up". */
function dropConnection(req: IncomingMessage): void {
  req.socket.destroy();
}

async function handle(options: PipelineOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const correlationId = randomUUID();
  res.setHeader(CORRELATION_HEADER, correlationId);
  const method = req.method ?? "GET";
  const path = new URL(req.url ?? "/", "http://simulator").pathname;
  let rawBody: Buffer;
  try {
    rawBody = await readBody(req);
  } catch (error) {
    const apiError = error instanceof ApiError ? error : new ApiError(400, "bad.request", "The request body could not be read.");
    writeResponse(res, errorResponse(apiError, correlationId));
    return;
  }
  const ctx: RequestContext = { method, path, params: {}, headers: req.headers, rawBody, correlationId, remoteAddress: req.socket.remoteAddress ?? "" };

  const adminMatch = matchRoute(options.adminRoutes, method, path);
  if (adminMatch) {
    writeResponse(res, await runHandler(adminMatch, ctx));
    return;
  }
  const match = matchRoute(options.routes, method, path);
  if (!match) {
    writeResponse(res, errorResponse(notFound(), correlationId));
    return;
  }

  const { counters, faults } = options.state;
  counters.increment(match.route.key);
  const fault = faults.take(match.route.key);
  switch (fault?.fault) {
    case "reset":
      dropConnection(req);
      return;
    case "status":
      writeResponse(res, errorResponse(serverError(fault.status), correlationId));
      return;
    case "rate-limit":
      writeResponse(res, errorResponse(rateLimited(fault.retryAfterSeconds), correlationId));
      return;
    case "delay":
      await sleep(fault.delayMs, undefined, { signal: options.shutdown });
      break;
  }
  const response = await runHandler(match, ctx);
  if (fault?.fault === "commit-then-reset") {
    dropConnection(req);
    return;
  }
  writeResponse(res, response);
}

export function createRequestListener(options: PipelineOptions): RequestListener {
  return (req, res) => {
    handle(options, req, res).catch(() => dropConnection(req));
  };
}
