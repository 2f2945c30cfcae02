import { Agent, request, type Dispatcher } from "undici";
import { Deadline, runDeadline, TIMEOUT_VARIABLE } from "../core/deadline.js";
import { ShimError } from "../core/errors.js";
import { debug } from "../core/log.js";
import { registerSecretFields } from "../core/redact.js";

// The one HTTP path to Genesys Cloud: connection reuse, timeouts, retries with Retry-After, an overall deadline.
// Requests that are not idempotent (create) are never retried after the server may have seen them: the caller
// gets an AmbiguousRequestError and must look before trying again.

export type RetryPolicy = "idempotent" | "not-idempotent";

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  retry: RetryPolicy;
  /** What this call does, in words, for errors and logs: "create OAuth client". */
  operation: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  correlationId: string | undefined;
}

export interface HttpOptions {
  /** Default: the run's deadline (GENESYS_OAUTH_SHIM_TIMEOUT_SECONDS), shared with Secrets Manager. */
  deadline?: Deadline;
  /** Tests only: a deadline of its own. */
  deadlineMs?: number;
  maxRetryAfterSeconds: number;
  maxAttempts: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The request may or may not have been applied: the response was lost after the server read it. */
export class AmbiguousRequestError extends ShimError {
  constructor(operation: string, detail: string, cause?: unknown) {
    super("GENESYS_UNREACHABLE", `${operation}: ${detail}; the request may or may not have been applied`, { cause });
  }
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
// Errors raised before the request reached the server: safe to retry whatever the method.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"]);
const DEFAULT_RETRY_AFTER_SECONDS = 3;

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - nowMs) / 1000));
}

function backoffMs(attempt: number): number {
  const base = Math.min(8000, 500 * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export class HttpClient {
  private readonly dispatcher: Dispatcher;
  private readonly options: Required<Omit<HttpOptions, "deadline" | "deadlineMs">>;
  readonly deadline: Deadline;

  constructor(options: HttpOptions) {
    this.options = { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), ...options };
    this.deadline = options.deadline ?? (options.deadlineMs === undefined ? runDeadline() : new Deadline(options.deadlineMs));
    this.dispatcher = new Agent({ connect: { timeout: 10_000 }, keepAliveTimeout: 10_000, connections: 4, headersTimeout: 30_000, bodyTimeout: 30_000 });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private remainingMs(): number {
    return this.deadline.remainingMs();
  }

  private async waitBeforeRetry(ms: number, req: HttpRequest, why: string): Promise<void> {
    if (ms > this.remainingMs()) {
      throw new ShimError(
        "DEADLINE_EXCEEDED",
        `${req.operation}: gave up after ${why}; waiting ${Math.ceil(ms / 1000)} s more would pass the overall deadline of ${this.deadline.seconds} s`,
        {
          hint: `Try again later, or raise ${TIMEOUT_VARIABLE}.`,
        },
      );
    }
    debug(`${req.method} ${new URL(req.url).pathname}: ${why}; retrying in ${ms} ms`);
    await this.options.sleep(ms);
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const path = new URL(req.url).pathname;
    for (let attempt = 1; ; attempt++) {
      const began = Date.now();
      let response: HttpResponse;
      try {
        const reply = await request(req.url, {
          method: req.method,
          headers: { accept: "application/json", "user-agent": "genesys-oauth-shim", ...req.headers },
          body: req.body ?? null,
          dispatcher: this.dispatcher,
          signal: this.deadline.signal(30_000),
        });
        const text = await reply.body.text();
        registerSecretFields(text);
        const headers = flattenHeaders(reply.headers);
        response = { status: reply.statusCode, headers, text, correlationId: headers["inin-correlation-id"] };
      } catch (error) {
        const code = errorCode(error) ?? (error instanceof Error ? error.name : "unknown");
        debug(`${req.method} ${path} → network error ${code} after ${Date.now() - began} ms (attempt ${attempt})`);
        if (this.remainingMs() <= 0) throw this.deadline.exceeded(`${req.operation} (${req.method} ${new URL(req.url).host}${path})`, error);
        const sent = !NOT_SENT_CODES.has(code);
        if (sent && req.retry === "not-idempotent")
          throw new AmbiguousRequestError(req.operation, `the connection failed (${code}) after the request was sent`, error);
        if (attempt >= this.options.maxAttempts || this.remainingMs() <= 0) {
          throw new ShimError("GENESYS_UNREACHABLE", `${req.operation}: could not reach ${new URL(req.url).host} (${code}) after ${attempt} attempt(s)`, {
            hint: "Check the network path to Genesys Cloud and the region setting.",
            cause: error,
          });
        }
        await this.waitBeforeRetry(backoffMs(attempt), req, `network error ${code}`);
        continue;
      }
      debug(
        `${req.method} ${path} → ${response.status} in ${Date.now() - began} ms (attempt ${attempt}${response.correlationId ? `, correlation ${response.correlationId}` : ""})`,
      );
      if (!RETRYABLE_STATUS.has(response.status)) return response;
      if (response.status !== 429 && req.retry === "not-idempotent") {
        throw new AmbiguousRequestError(req.operation, `Genesys answered HTTP ${response.status}`);
      }
      if (attempt >= this.options.maxAttempts) return response;
      let waitMs = backoffMs(attempt);
      if (response.status === 429) {
        const seconds = parseRetryAfter(response.headers["retry-after"], Date.now()) ?? DEFAULT_RETRY_AFTER_SECONDS;
        if (seconds > this.options.maxRetryAfterSeconds) return response;
        waitMs = seconds * 1000;
      }
      await this.waitBeforeRetry(waitMs, req, `HTTP ${response.status}`);
    }
  }
}
