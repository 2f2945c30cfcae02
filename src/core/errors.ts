// Errors carry a stable code, the step that failed, what the upstream service said, and what to do next.

export type ErrorCode =
  | "INVALID_INPUT"
  | "MISSING_CREDENTIALS"
  | "UNSAFE_URL"
  | "GENESYS_AUTH_FAILED"
  | "GENESYS_API_ERROR"
  | "GENESYS_UNREACHABLE"
  | "DEADLINE_EXCEEDED"
  | "AWS_ERROR"
  | "READ_ONLY_CHANGES_NEEDED"
  | "CONFLICT"
  | "ROLLED_BACK"
  | "NOT_MANAGED";

export interface UpstreamDetail {
  service: "genesys" | "aws";
  status?: number;
  code?: string;
  correlationId?: string;
  requestId?: string;
  message?: string;
}

export class ShimError extends Error {
  override readonly name = "ShimError";
  readonly code: ErrorCode;
  readonly step: string | undefined;
  readonly hint: string | undefined;
  readonly upstream: UpstreamDetail | undefined;

  constructor(code: ErrorCode, message: string, options: { step?: string; hint?: string; upstream?: UpstreamDetail; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.step = options.step;
    this.hint = options.hint;
    this.upstream = options.upstream;
  }

  withStep(step: string): ShimError {
    if (this.step) return this;
    return new ShimError(this.code, this.message, { step, hint: this.hint, upstream: this.upstream, cause: this.cause });
  }
}

export function invalidInput(field: string, problem: string, allowed?: string): ShimError {
  const tail = allowed ? ` Allowed: ${allowed}.` : "";
  return new ShimError("INVALID_INPUT", `invalid input "${field}": ${problem}.${tail}`);
}

const withoutFullStop = (text: string) => text.trimEnd().replace(/\.$/, "");
/** Every part of a message ends its sentence, so a hint never runs on from the message before it. */
const sentence = (text: string) => (/[.!?]$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`);

/** One paragraph for stderr: what failed, what the service said, what to do. Redaction happens at the writer. */
export function describeError(error: unknown): string {
  if (!(error instanceof ShimError)) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return `unexpected error: ${message}. This is a bug in genesys-oauth-shim; please report it with GENESYS_OAUTH_SHIM_LOG=debug output.`;
  }
  const parts: string[] = [];
  let first = error.step ? `${error.step} failed: ${error.message}` : error.message;
  const up = error.upstream;
  if (up) {
    const fields: string[] = [];
    if (up.status !== undefined) fields.push(`HTTP ${up.status}`);
    if (up.code) fields.push(up.service === "aws" ? `AWS error ${up.code}` : `Genesys code ${up.code}`);
    if (up.correlationId) fields.push(`ININ-Correlation-Id ${up.correlationId}`);
    if (up.requestId) fields.push(`AWS request id ${up.requestId}`);
    if (fields.length) first = `${withoutFullStop(first)} (${fields.join(", ")})`;
  }
  parts.push(sentence(first));
  if (up?.message && !error.message.includes(up.message)) parts.push(sentence(`Service said: ${up.message}`));
  if (error.hint) parts.push(sentence(error.hint));
  return parts.join(" ");
}
