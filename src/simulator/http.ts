// Low-level HTTP plumbing shared by both listeners: reading bodies and writing responses.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "./errors.js";

export const CORRELATION_HEADER = "ININ-Correlation-Id";
const MAX_BODY_BYTES = 1024 * 1024;

export interface SimResponse {
  status: number;
  /** Serialised as JSON; undefined means an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestContext {
  method: string;
  path: string;
  params: Record<string, string>;
  headers: IncomingMessage["headers"];
  rawBody: Buffer;
  correlationId: string;
  /** The caller's address as the socket sees it (the token endpoint's IP allow-list checks it). */
  remoteAddress: string;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(400, "bad.request", "The request body is too large.");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function errorResponse(error: ApiError, correlationId: string): SimResponse {
  return { status: error.status, body: error.toBody(correlationId), headers: error.options.headers ?? {} };
}

export function writeResponse(res: ServerResponse, response: SimResponse): void {
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  if (response.body === undefined) {
    res.writeHead(response.status).end();
    return;
  }
  const payload = JSON.stringify(response.body);
  res.writeHead(response.status, { "Content-Type": "application/json; charset=UTF-8", "Content-Length": Buffer.byteLength(payload) });
  res.end(payload);
}

export function parseJsonBody(ctx: RequestContext): unknown {
  const contentType = ctx.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    throw new ApiError(400, "bad.request", "The request body must be sent with Content-Type: application/json.");
  }
  const text = ctx.rawBody.toString("utf8");
  if (text.trim() === "") throw new ApiError(400, "bad.request", "A request body is required.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, "bad.request", "The request body is not valid JSON.");
  }
}
