// OAuthClientRequest validation (POST and PUT bodies) with the field names and codes of the reference page.
import { divisionExists, roleExists } from "./directory.js";
import { ApiError, fieldError } from "./errors.js";

export const GRANT_TYPES = ["CODE", "TOKEN", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"] as const;
export type GrantType = (typeof GRANT_TYPES)[number];
export const CLIENT_STATES = ["active", "disabled", "inactive"] as const;
export type RequestState = (typeof CLIENT_STATES)[number];
/** "deleted" is never sent, only shown: a soft-deleted client (see store.ts). */
export type ClientState = RequestState | "deleted";

export const MIN_VALIDITY_SECONDS = 300;
export const MAX_VALIDITY_SECONDS = 172800;
export const DEFAULT_VALIDITY_SECONDS = 86400;

export interface RoleDivision {
  roleId: string;
  divisionId: string;
}

export interface ClientFields {
  name: string;
  description?: string;
  authorizedGrantType: GrantType;
  registeredRedirectUri: string[];
  scope: string[];
  roleDivisions: RoleDivision[];
  roleIds: string[];
  accessTokenValiditySeconds: number;
  state: ClientState;
  dateToDelete?: string;
}

const REQUEST_FIELDS = new Set([
  "name",
  "description",
  "authorizedGrantType",
  "registeredRedirectUri",
  "scope",
  "roleDivisions",
  "roleIds",
  "accessTokenValiditySeconds",
  "state",
  "dateToDelete",
]);
const ROLE_DIVISION_FIELDS = new Set(["roleId", "divisionId"]);
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Absent and null are the same for optional fields. */
function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function rejectUnknownFields(body: Json, allowed: Set<string>, path: string, objectName: string): void {
  const unknown = Object.keys(body).filter((key) => !allowed.has(key));
  if (unknown.length === 0) return;
  const names = unknown.map((key) => path + key);
  const quoted = names.map((name) => `"${name}"`).join(", ");
  throw new ApiError(400, "invalid.property", `Unrecognized field${names.length > 1 ? "s" : ""} ${quoted}: not a property of ${objectName}.`, {
    messageWithParams: `Unrecognized field {fieldName}: not a property of ${objectName}.`,
    messageParams: { fieldName: names.join(", ") },
    details: names.map((fieldName) => ({ errorCode: "invalid.property", fieldName })),
  });
}

function invalidValue(fieldName: string, expectation: string): ApiError {
  return fieldError(400, "invalid.value", fieldName, `Invalid value for {fieldName}: ${expectation}.`);
}

function optionalString(body: Json, field: string): string | undefined {
  const value = body[field];
  if (!present(value)) return undefined;
  if (typeof value !== "string") throw invalidValue(field, "expected a string");
  return value;
}

function stringList(body: Json, field: string): string[] {
  const value = body[field];
  if (!present(value)) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw invalidValue(field, "expected an array of strings");
  }
  return [...(value as string[])];
}

function validateName(body: Json): string {
  const name = body["name"];
  if (!present(name)) throw fieldError(400, "constraint.validation", "name", "{fieldName} is required.");
  if (typeof name !== "string") throw invalidValue("name", "expected a string");
  if (name.trim() === "") throw fieldError(400, "constraint.validation", "name", "{fieldName} must not be empty.");
  return name;
}

function validateGrantType(body: Json): GrantType {
  const grant = body["authorizedGrantType"];
  if (!present(grant)) {
    throw fieldError(400, "grant.type.required", "authorizedGrantType", "{fieldName} is required.");
  }
  if (typeof grant !== "string" || !(GRANT_TYPES as readonly string[]).includes(grant)) {
    throw fieldError(400, "bad.grant.type", "authorizedGrantType", `{fieldName} must be one of ${GRANT_TYPES.join(", ")}.`);
  }
  return grant as GrantType;
}

function validateRedirectUris(body: Json): string[] {
  const uris = stringList(body, "registeredRedirectUri");
  for (const uri of uris) {
    if (!URL.canParse(uri)) throw invalidValue("registeredRedirectUri", `"${uri}" is not a URI`);
  }
  return uris;
}

function validateRoleDivisions(body: Json): RoleDivision[] {
  const value = body["roleDivisions"];
  if (!present(value)) return [];
  if (!Array.isArray(value)) throw invalidValue("roleDivisions", "expected an array of {roleId, divisionId}");
  return value.map((item: unknown, index): RoleDivision => {
    const path = `roleDivisions[${index}]`;
    if (!isObject(item)) throw invalidValue(path, "expected an object {roleId, divisionId}");
    rejectUnknownFields(item, ROLE_DIVISION_FIELDS, `${path}.`, "RoleDivision");
    for (const field of ["roleId", "divisionId"]) {
      if (!present(item[field])) throw fieldError(400, "constraint.validation", `${path}.${field}`, "{fieldName} is required.");
      if (typeof item[field] !== "string") throw invalidValue(`${path}.${field}`, "expected a string");
    }
    const roleId = item["roleId"] as string;
    const divisionId = item["divisionId"] as string;
    if (!roleExists(roleId)) throw unknownRole(`${path}.roleId`, roleId);
    if (!divisionExists(divisionId)) throw invalidValue(`${path}.divisionId`, `division ${divisionId} does not exist`);
    return { roleId, divisionId };
  });
}

function unknownRole(fieldName: string, roleId: string): ApiError {
  return fieldError(400, "bad.client.role", fieldName, `{fieldName}: role ${roleId} does not exist.`);
}

function validateRoleIds(body: Json): string[] {
  const roleIds = stringList(body, "roleIds");
  roleIds.forEach((roleId, index) => {
    if (!roleExists(roleId)) throw unknownRole(`roleIds[${index}]`, roleId);
  });
  return roleIds;
}

function validateValidity(body: Json): number {
  const value = body["accessTokenValiditySeconds"];
  if (!present(value)) return DEFAULT_VALIDITY_SECONDS;
  if (typeof value !== "number" || !Number.isInteger(value)) throw invalidValue("accessTokenValiditySeconds", "expected an integer");
  if (value < MIN_VALIDITY_SECONDS || value > MAX_VALIDITY_SECONDS) {
    throw fieldError(
      400,
      "constraint.validation",
      "accessTokenValiditySeconds",
      `{fieldName} must be between ${MIN_VALIDITY_SECONDS} and ${MAX_VALIDITY_SECONDS}.`,
    );
  }
  return value;
}

function validateState(body: Json, mode: "create" | "update"): RequestState {
  const state = body["state"];
  if (!present(state)) return "active";
  if (typeof state !== "string" || !(CLIENT_STATES as readonly string[]).includes(state)) {
    throw fieldError(400, "bad.client.state", "state", `{fieldName} must be one of ${CLIENT_STATES.join(", ")}.`);
  }
  if (mode === "create" && state !== "active") {
    throw fieldError(400, "bad.client.state", "state", "New clients must be created with {fieldName} active.");
  }
  return state as RequestState;
}

function validateDateToDelete(body: Json): string | undefined {
  const value = optionalString(body, "dateToDelete");
  if (value !== undefined && (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) {
    throw invalidValue("dateToDelete", "expected an ISO-8601 date-time");
  }
  return value;
}

/** Genesys refuses a client-credentials client without roles: its roles are all it may do (reference page). */
function requireRolesForClientCredentials(fields: ClientFields): void {
  if (fields.authorizedGrantType !== "CLIENT-CREDENTIALS" || fields.roleDivisions.length > 0 || fields.roleIds.length > 0) return;
  throw fieldError(400, "missing.client.roles", "roleDivisions", "A CLIENT-CREDENTIALS client needs at least one role: {fieldName} is empty.");
}

export function validateClientRequest(body: unknown, mode: "create" | "update"): ClientFields {
  if (!isObject(body)) throw new ApiError(400, "bad.request", "The request body must be a JSON object (OAuthClientRequest).");
  rejectUnknownFields(body, REQUEST_FIELDS, "", "OAuthClientRequest");
  const fields: ClientFields = {
    name: validateName(body),
    authorizedGrantType: validateGrantType(body),
    registeredRedirectUri: validateRedirectUris(body),
    scope: stringList(body, "scope"),
    roleDivisions: validateRoleDivisions(body),
    roleIds: validateRoleIds(body),
    accessTokenValiditySeconds: validateValidity(body),
    state: validateState(body, mode),
  };
  requireRolesForClientCredentials(fields);
  const description = optionalString(body, "description");
  if (description !== undefined) fields.description = description;
  const dateToDelete = validateDateToDelete(body);
  if (dateToDelete !== undefined) fields.dateToDelete = dateToDelete;
  return fields;
}
