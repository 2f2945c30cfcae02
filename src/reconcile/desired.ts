import type { EnsureRequest } from "../external/query.js";
import type { OAuthClient, OAuthClientRequest, RoleDivision } from "../genesys/types.js";
import { STANDBY_NAME_SUFFIX } from "../external/query.js";
import { describeWithMarker, type Slot } from "./marker.js";

/** The client as requested, in one slot: "b" is the alternating strategy's second client, named apart. */
export function desiredClient(request: EnsureRequest, claim: string, slot: Slot = "a"): OAuthClientRequest {
  return {
    name: slot === "b" ? `${request.name}${STANDBY_NAME_SUFFIX}` : request.name,
    description: describeWithMarker(request.description, claim, slot),
    authorizedGrantType: request.grantType,
    roleDivisions: request.roleDivisions,
    registeredRedirectUri: request.redirectUris,
    scope: request.scopes,
    accessTokenValiditySeconds: request.accessTokenValiditySeconds,
    state: "active",
  };
}

const sortedStrings = (values: string[] | undefined) => [...(values ?? [])].sort().join("\n");
const sortedRoles = (values: RoleDivision[] | undefined) => sortedStrings((values ?? []).map((r) => `${r.roleId}/${r.divisionId}`));

/** Names of the fields whose actual value differs from the desired one (lists compared as sets). */
export function clientDifferences(actual: OAuthClient, desired: OAuthClientRequest): string[] {
  const differs: string[] = [];
  if (actual.name !== desired.name) differs.push("name");
  if ((actual.description ?? "") !== (desired.description ?? "")) differs.push("description");
  if (actual.authorizedGrantType !== desired.authorizedGrantType) differs.push("authorizedGrantType");
  if (sortedRoles(actual.roleDivisions) !== sortedRoles(desired.roleDivisions)) differs.push("roleDivisions");
  if (sortedStrings(actual.registeredRedirectUri) !== sortedStrings(desired.registeredRedirectUri)) differs.push("registeredRedirectUri");
  if (sortedStrings(actual.scope) !== sortedStrings(desired.scope)) differs.push("scope");
  if ((actual.accessTokenValiditySeconds ?? 86400) !== desired.accessTokenValiditySeconds) differs.push("accessTokenValiditySeconds");
  if ((actual.state ?? "active") !== desired.state) differs.push("state");
  return differs;
}
