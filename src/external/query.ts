import { invalidInput } from "../core/errors.js";
import { resolveRegion } from "../genesys/endpoints.js";
import { DEFAULT_TOKEN_VALIDITY_SECONDS, MAX_TOKEN_VALIDITY_SECONDS, MIN_TOKEN_VALIDITY_SECONDS, type GrantType, type RoleDivision } from "../genesys/types.js";
import { JSON_FIELD_SCHEMAS, QUERY_SCHEMA } from "./schemas.js";
import { validateOrThrow } from "./validate.js";

/** What the user asked for, validated: the desired client and where its secret lives. */
export interface EnsureRequest {
  name: string;
  description: string;
  grantType: GrantType;
  roleDivisions: RoleDivision[];
  redirectUris: string[];
  scopes: string[];
  accessTokenValiditySeconds: number;
  rotationTrigger: string;
  /** in_place: one client, regenerated on rotation. alternating: two clients; a rotation moves to the standby one. */
  rotationStrategy: RotationStrategy;
  secretName: string;
  kmsKeyId: string | undefined;
  secretTags: Record<string, string>;
  genesysRegion: string | undefined;
  awsRegion: string | undefined;
  readOnly: boolean;
  /** An existing client to take over (adopt_client_id); undefined creates one. */
  adoptClientId: string | undefined;
  /**
   * Set only by the `ensure` command (the module's apply-time step): the generation the plan's status reported,
   * recorded on the secret once the client and secret match the request. Never part of the query.
   */
  generation?: string;
}

export type RotationStrategy = "in_place" | "alternating";

/** The suffix that tells the alternating strategy's second client apart ("my-app" and "my-app (b)"). */
export const STANDBY_NAME_SUFFIX = " (b)";
const MAX_NAME_LENGTH = 255;

type RawQuery = Record<string, string | undefined>;

function parseJsonField<T>(query: RawQuery, key: string, fieldSchema: object, expected: string): T | undefined {
  const raw = query[key];
  if (raw === undefined || raw.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalidInput(key, `is not valid JSON`, `${expected}, passed with jsonencode(...)`);
  }
  validateOrThrow(fieldSchema, value, key);
  return value as T;
}

function parseValidity(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TOKEN_VALIDITY_SECONDS;
  const seconds = Number(raw);
  if (!Number.isSafeInteger(seconds) || seconds < MIN_TOKEN_VALIDITY_SECONDS || seconds > MAX_TOKEN_VALIDITY_SECONDS) {
    throw invalidInput(
      "access_token_validity_seconds",
      `${JSON.stringify(raw)} is out of range`,
      `an integer from ${MIN_TOKEN_VALIDITY_SECONDS} to ${MAX_TOKEN_VALIDITY_SECONDS}`,
    );
  }
  return seconds;
}

function checkUris(uris: string[]): void {
  for (const uri of uris) {
    let ok = false;
    try {
      ok = new URL(uri).protocol.length > 1;
    } catch {
      ok = false;
    }
    if (!ok) throw invalidInput("redirect_uris", `${JSON.stringify(uri)} is not an absolute URI`, "absolute URIs such as https://app.example.com/callback");
  }
}

function checkGrantCombination(grant: GrantType, roles: RoleDivision[], uris: string[], scopes: string[]): void {
  if (roles.length && grant !== "CLIENT-CREDENTIALS") {
    throw invalidInput(
      "role_divisions",
      `only applies to the CLIENT-CREDENTIALS grant, not ${grant}`,
      "an empty list for other grants (their users' roles apply)",
    );
  }
  if (!roles.length && grant === "CLIENT-CREDENTIALS") {
    throw invalidInput(
      "role_divisions",
      "is required for the CLIENT-CREDENTIALS grant (the default): Genesys Cloud refuses a client-credentials client without roles (400 missing.client.roles)",
      'at least one {"role_id", "division_id"}; division_id "*" means all divisions. The client in GENESYSCLOUD_OAUTHCLIENT_ID must itself hold every role it assigns',
    );
  }
  const takesRedirectUris = grant === "CODE" || grant === "TOKEN";
  if (uris.length && !takesRedirectUris) {
    throw invalidInput("redirect_uris", `only applies to the CODE and TOKEN grants, not ${grant}`);
  }
  if (!uris.length && takesRedirectUris) {
    throw invalidInput("redirect_uris", `is required for the ${grant} grant`, "at least one absolute URI such as https://app.example.com/callback");
  }
  if (scopes.length && grant === "CLIENT-CREDENTIALS") {
    throw invalidInput("scopes", "does not apply to the CLIENT-CREDENTIALS grant (its roles decide what it may do)", "an empty list");
  }
}

/** Validates the raw query (every value a string) and returns the typed request. Pure: no I/O. */
export function parseQuery(query: RawQuery, env: NodeJS.ProcessEnv = process.env): EnsureRequest {
  validateOrThrow(QUERY_SCHEMA, query);
  const defs = JSON_FIELD_SCHEMAS;
  const grantType = (query.authorized_grant_type ?? "CLIENT-CREDENTIALS") as GrantType;
  const roles = (
    parseJsonField<Array<{ role_id: string; division_id: string }>>(
      query,
      "role_divisions",
      defs.role_divisions,
      'a list of {"role_id", "division_id"} objects',
    ) ?? []
  ).map((r) => ({
    roleId: r.role_id,
    divisionId: r.division_id,
  }));
  const redirectUris = parseJsonField<string[]>(query, "redirect_uris", defs.string_list, "a list of URI strings") ?? [];
  const scopes = parseJsonField<string[]>(query, "scopes", defs.string_list, "a list of scope names") ?? [];
  const secretTags = parseJsonField<Record<string, string>>(query, "secret_tags", defs.secret_tags, "a map of string to string") ?? {};
  checkUris(redirectUris);
  checkGrantCombination(grantType, roles, redirectUris, scopes);
  if (query.genesys_region) resolveRegion(query.genesys_region, "genesys_region");
  const rotationStrategy = (query.rotation_strategy ?? "in_place") as RotationStrategy;
  const name = query.name!.trim();
  if (rotationStrategy === "alternating" && name.length > MAX_NAME_LENGTH - STANDBY_NAME_SUFFIX.length) {
    throw invalidInput(
      "name",
      `is ${name.length} characters long, too long for rotation_strategy "alternating" (its second client is named "<name>${STANDBY_NAME_SUFFIX}")`,
      `at most ${MAX_NAME_LENGTH - STANDBY_NAME_SUFFIX.length} characters with rotation_strategy "alternating"`,
    );
  }
  const readOnlyEnv = /^(1|true|yes)$/i.test(env.GENESYS_OAUTH_SHIM_READ_ONLY ?? "");
  return {
    name,
    description: query.description ?? "",
    grantType,
    roleDivisions: roles,
    redirectUris,
    scopes,
    accessTokenValiditySeconds: parseValidity(query.access_token_validity_seconds),
    rotationTrigger: query.rotation_trigger ?? "",
    rotationStrategy,
    secretName: query.secret_name!,
    kmsKeyId: query.kms_key_id,
    secretTags,
    genesysRegion: query.genesys_region,
    awsRegion: query.aws_region,
    readOnly: query.read_only === "true" || readOnlyEnv,
    adoptClientId: query.adopt_client_id?.toLowerCase() || undefined,
  };
}
