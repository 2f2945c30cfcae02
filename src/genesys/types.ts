// Field names exactly as the Genesys Cloud API spells them (OAuthClientRequest / OAuthClient).

export const GRANT_TYPES = ["CODE", "TOKEN", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export const CLIENT_STATES = ["active", "disabled", "inactive"] as const;
export type ClientState = (typeof CLIENT_STATES)[number];
/** Responses may also say "deleted": a soft-deleted client, readable and listed until its dateToDelete. */
export type ObservedClientState = ClientState | "deleted";

export const MIN_TOKEN_VALIDITY_SECONDS = 300;
export const MAX_TOKEN_VALIDITY_SECONDS = 172800;
export const DEFAULT_TOKEN_VALIDITY_SECONDS = 86400;

export interface RoleDivision {
  roleId: string;
  divisionId: string;
}

export interface OAuthClientRequest {
  name: string;
  description?: string;
  authorizedGrantType: GrantType;
  registeredRedirectUri?: string[];
  scope?: string[];
  roleDivisions?: RoleDivision[];
  accessTokenValiditySeconds?: number;
  state?: ClientState;
}

export interface OAuthClient extends Omit<OAuthClientRequest, "state"> {
  id: string;
  state?: ObservedClientState;
  /** When Genesys removes a soft-deleted client for good. */
  dateToDelete?: string;
  /** Present only in the responses of create and regenerate. */
  secret?: string;
  dateCreated?: string;
  dateModified?: string;
  selfUri?: string;
}

export interface OAuthClientListing {
  entities?: OAuthClient[];
  pageNumber?: number;
  pageCount?: number;
  nextUri?: string | null;
  selfUri?: string | null;
}

/**
 * Genesys keeps a client older than 30 days for seven days after DELETE, readable and listed with state "deleted";
 * it cannot be changed or used to log in. Everywhere in this tool such a client counts as gone (as in the official
 * provider's delete and data source).
 */
export function isDeleted(client: OAuthClient): boolean {
  return client.state === "deleted";
}

/** The writable fields of a client, as a PUT body (the API refuses response-only fields such as createdBy). */
export function toRequest(client: OAuthClient): OAuthClientRequest {
  const request: OAuthClientRequest = { name: client.name, authorizedGrantType: client.authorizedGrantType };
  if (client.description !== undefined) request.description = client.description;
  if (client.registeredRedirectUri !== undefined) request.registeredRedirectUri = client.registeredRedirectUri;
  if (client.scope !== undefined) request.scope = client.scope;
  if (client.roleDivisions !== undefined) request.roleDivisions = client.roleDivisions;
  if (client.accessTokenValiditySeconds !== undefined) request.accessTokenValiditySeconds = client.accessTokenValiditySeconds;
  if (client.state !== undefined && client.state !== "deleted") request.state = client.state;
  return request;
}
