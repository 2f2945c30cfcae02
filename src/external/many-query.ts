import { describeError, ShimError } from "../core/errors.js";
import { parseQuery, type EnsureRequest } from "./query.js";
import { validateOrThrow } from "./validate.js";
import { MANY_QUERY_SCHEMA } from "./schemas.js";

// The query of `external-many` (terraform/modules/oauth-clients): every value a string, as Terraform sends it.
//   clients         JSON object: key → the single-client query of that key (oauth-client's keys, values strings)
//   genesys_region  aws_region  read_only   apply to every key
// Each key's query goes through the single-client parseQuery, so a key is valid exactly when oauth-client's query
// with the same values would be.

/** Keys that belong to the whole run, never to one client. */
const RUN_WIDE_KEYS = ["genesys_region", "aws_region", "read_only"] as const;

export interface ManyRequest {
  /** By key, in the order of the keys (sorted): each key's validated single-client request. */
  requests: Map<string, EnsureRequest>;
  genesysRegion: string | undefined;
  awsRegion: string | undefined;
  /** The module's plan-time read ("status"), its after-apply read ("result"), or undefined: ensure every key. */
  phase: "status" | "result" | undefined;
}

const label = (key: string) => `clients[${JSON.stringify(key)}]`;

function parseClientsJson(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ShimError(
      "INVALID_INPUT",
      `invalid input "clients": is not valid JSON. Allowed: a JSON object of key → query object, passed with jsonencode(...).`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ShimError(
      "INVALID_INPUT",
      `invalid input "clients": must be a JSON object of key → query object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}.`,
    );
  }
  return value as Record<string, unknown>;
}

function keyQuery(key: string, value: unknown, runWide: Record<string, string>): Record<string, string> {
  if (key.trim() === "") throw new ShimError("INVALID_INPUT", `invalid input "clients": a key is empty. Allowed: non-empty keys.`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ShimError("INVALID_INPUT", `invalid input "${label(key)}": must be an object of strings (the oauth-client query).`);
  }
  const query = value as Record<string, unknown>;
  const misplaced = RUN_WIDE_KEYS.filter((name) => name in query);
  if (misplaced.length) {
    throw new ShimError("INVALID_INPUT", `invalid input "${label(key)}": ${misplaced.join(", ")} apply to every key; set them once, next to "clients".`);
  }
  const wrong = Object.entries(query).filter(([, v]) => typeof v !== "string");
  if (wrong.length) {
    throw new ShimError(
      "INVALID_INPUT",
      `invalid input "${label(key)}": every value must be a string (${wrong.map(([k]) => `"${k}"`).join(", ")} is not). Pass lists and maps with jsonencode(...).`,
    );
  }
  return { ...(query as Record<string, string>), ...runWide };
}

/**
 * Validates the whole query before anything runs: one bad key fails the run with nothing written, and the error
 * names every bad key. Two keys on one secret are refused (each run would take the secret from the other).
 */
export function parseManyQuery(query: Record<string, string>, env: NodeJS.ProcessEnv = process.env): ManyRequest {
  validateOrThrow(MANY_QUERY_SCHEMA, query);
  const runWide: Record<string, string> = {};
  for (const name of RUN_WIDE_KEYS) if (query[name] !== undefined) runWide[name] = query[name];
  const clients = parseClientsJson(query.clients!);
  const requests = new Map<string, EnsureRequest>();
  const problems: string[] = [];
  for (const key of Object.keys(clients).sort()) {
    try {
      requests.set(key, parseQuery(keyQuery(key, clients[key], runWide), env));
    } catch (error) {
      problems.push(`${label(key)}: ${describeError(error)}`);
    }
  }
  const bySecret = new Map<string, string[]>();
  for (const [key, request] of requests) bySecret.set(request.secretName, [...(bySecret.get(request.secretName) ?? []), key]);
  for (const [secretName, keys] of bySecret) {
    if (keys.length > 1)
      problems.push(`${keys.map(label).join(", ")}: invalid input "secret_name": "${secretName}" is used by more than one key. Allowed: one secret per key.`);
  }
  if (problems.length) throw new ShimError("INVALID_INPUT", problems.join("\n"));
  return { requests, genesysRegion: query.genesys_region, awsRegion: query.aws_region, phase: query.phase as ManyRequest["phase"] };
}
