// What the API shows of a stored client. The secret appears only where the caller asks for it
// (create and regenerate); get, put, list and /__sim/clients never include it.
import { clientUri, type StoredClient } from "./store.js";

export function oauthClientView(client: StoredClient, options: { includeSecret: boolean }): Record<string, unknown> {
  const view: Record<string, unknown> = { id: client.id, name: client.name };
  if (client.description !== undefined) view["description"] = client.description;
  Object.assign(view, {
    authorizedGrantType: client.authorizedGrantType,
    registeredRedirectUri: [...client.registeredRedirectUri],
    scope: [...client.scope],
    roleDivisions: client.roleDivisions.map(({ roleId, divisionId }) => ({ roleId, divisionId })),
    roleIds: [...client.roleIds],
    accessTokenValiditySeconds: client.accessTokenValiditySeconds,
    state: client.state,
  });
  if (client.dateToDelete !== undefined) view["dateToDelete"] = client.dateToDelete;
  Object.assign(view, {
    dateCreated: client.dateCreated,
    dateModified: client.dateModified,
    createdBy: { ...client.createdBy },
    modifiedBy: { ...client.modifiedBy },
    selfUri: clientUri(client.id),
  });
  if (options.includeSecret) view["secret"] = client.secret;
  return view;
}
