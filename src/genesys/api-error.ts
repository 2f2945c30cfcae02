import { ShimError } from "../core/errors.js";
import type { HttpResponse } from "./http.js";

interface ErrorBody {
  message?: string;
  code?: string;
  error?: string;
  error_description?: string;
}

function parseErrorBody(text: string): ErrorBody {
  try {
    const body = JSON.parse(text) as unknown;
    return body && typeof body === "object" ? (body as ErrorBody) : {};
  } catch {
    return {};
  }
}

const PERMISSION_HINTS: Record<string, string> = {
  "list OAuth clients": "oauth:client:view",
  "read OAuth client": "oauth:client:view",
  "create OAuth client": "oauth:client:add",
  "update OAuth client": "oauth:client:edit",
  "regenerate OAuth client secret": "oauth:client:edit",
  "delete OAuth client": "oauth:client:delete",
};

const ROLE_RULE =
  "The client in GENESYSCLOUD_OAUTHCLIENT_ID may assign only roles it holds itself, and may edit a client only if it holds all of that client's roles: give it those roles (Admin > OAuth > the client > Roles), or assign roles it has.";

function hintFor(operation: string, status: number, code: string | undefined): string | undefined {
  if (code === "missing.client.roles") return 'A CLIENT-CREDENTIALS client needs at least one role: set role_divisions (division_id "*" means all divisions).';
  if (code === "bad.client.role" || (status === 403 && code === "not.authorized" && PERMISSION_HINTS[operation] !== "oauth:client:view")) return ROLE_RULE;
  if (status === 401) {
    return "Check GENESYSCLOUD_OAUTHCLIENT_ID/GENESYSCLOUD_OAUTHCLIENT_SECRET (or GENESYSCLOUD_ACCESS_TOKEN) and GENESYSCLOUD_REGION.";
  }
  if (status === 403) {
    const permission = PERMISSION_HINTS[operation];
    return permission
      ? `Give the client in GENESYSCLOUD_OAUTHCLIENT_ID a role with the permission ${permission}${code === "missing.division.permission" ? " in the division used" : ""}.`
      : "Give the calling OAuth client a role with the needed permission.";
  }
  if (status === 429) return "Genesys Cloud is rate limiting this client; try again later.";
  if (status >= 500) return "Genesys Cloud had a server error; try again, and quote the correlation id to Genesys support if it persists.";
  return undefined;
}

export function genesysError(operation: string, response: HttpResponse): ShimError {
  const body = parseErrorBody(response.text);
  const code = body.code ?? body.error;
  const message = body.message ?? body.error_description;
  return new ShimError(response.status === 401 ? "GENESYS_AUTH_FAILED" : "GENESYS_API_ERROR", `${operation} was refused by Genesys Cloud`, {
    upstream: { service: "genesys", status: response.status, code, correlationId: response.correlationId, message },
    hint: hintFor(operation, response.status, code),
  });
}
