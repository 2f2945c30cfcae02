import { ShimError } from "../core/errors.js";

/**
 * A 2xx body that is not JSON (cut short, garbled) is a fault on the Genesys side, not a bug here. The error never
 * quotes the body: it may hold a secret (its secret fields were registered for redaction when it arrived).
 */
export class MalformedResponseError extends ShimError {
  constructor(operation: string) {
    super(
      "GENESYS_API_ERROR",
      `${operation}: Genesys Cloud answered with a malformed or truncated JSON body (a fault on the server side or the network path, not in genesys-oauth-shim)`,
      {
        hint: "Run again; quote GENESYS_OAUTH_SHIM_LOG=debug output to Genesys support if it persists.",
      },
    );
  }
}

export function parseJsonBody(operation: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MalformedResponseError(operation);
  }
}
