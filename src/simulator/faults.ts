// Faults injected through POST /__sim/faults, applied to the next N requests of one route.
import { ApiError } from "./errors.js";

export const FAULT_KINDS = ["status", "rate-limit", "delay", "reset", "commit-then-reset"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type Fault =
  | { fault: "status"; status: number }
  | { fault: "rate-limit"; retryAfterSeconds: number }
  | { fault: "delay"; delayMs: number }
  | { fault: "reset" }
  | { fault: "commit-then-reset" };

interface PendingFault {
  route: string;
  remaining: number;
  fault: Fault;
}

const DEFAULT_RETRY_AFTER_SECONDS = 1;
const DEFAULT_DELAY_MS = 1000;

export class FaultQueue {
  private pending: PendingFault[] = [];

  add(route: string, times: number, fault: Fault): void {
    this.pending.push({ route, remaining: times, fault });
  }

  /** The fault for this request of `route`, if any; faults for one route apply in the order they were added. */
  take(route: string): Fault | undefined {
    const index = this.pending.findIndex((entry) => entry.route === route);
    const entry = this.pending[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.pending.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.pending = [];
  }
}

function badFault(message: string): ApiError {
  return new ApiError(400, "bad.request", `Invalid fault: ${message}`);
}

function nonNegativeInteger(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw badFault(`${field} must be a non-negative integer`);
  return value;
}

export interface FaultRequest {
  route: string;
  times: number;
  fault: Fault;
}

export function parseFaultRequest(body: unknown, knownRoutes: readonly string[]): FaultRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badFault("expected a JSON object");
  const input = body as Record<string, unknown>;
  const route = input["route"];
  if (typeof route !== "string" || !knownRoutes.includes(route)) {
    throw badFault(`route must be one of: ${knownRoutes.join(", ")}`);
  }
  const times = nonNegativeInteger(input["times"], "times", 1);
  if (times < 1) throw badFault("times must be at least 1");
  const kind = input["fault"];
  if (typeof kind !== "string" || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw badFault(`fault must be one of: ${FAULT_KINDS.join(", ")}`);
  }
  return { route, times, fault: parseFault(kind as FaultKind, input) };
}

function parseFault(kind: FaultKind, input: Record<string, unknown>): Fault {
  switch (kind) {
    case "status": {
      const status = input["status"];
      if (typeof status !== "number" || !Number.isInteger(status) || status < 500 || status > 599) {
        throw badFault("status must be an integer from 500 to 599");
      }
      return { fault: "status", status };
    }
    case "rate-limit":
      return { fault: "rate-limit", retryAfterSeconds: nonNegativeInteger(input["retryAfterSeconds"], "retryAfterSeconds", DEFAULT_RETRY_AFTER_SECONDS) };
    case "delay":
      return { fault: "delay", delayMs: nonNegativeInteger(input["delayMs"], "delayMs", DEFAULT_DELAY_MS) };
    case "reset":
      return { fault: "reset" };
    case "commit-then-reset":
      return { fault: "commit-then-reset" };
  }
}
