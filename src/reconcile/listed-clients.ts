import { describeError } from "../core/errors.js";
import { debug } from "../core/log.js";
import type { GenesysSession } from "../genesys/session.js";
import type { OAuthClient } from "../genesys/types.js";

// Many keys in one run: one list of the org's clients answers each key's first read of its client, instead of one
// GET per key. Reads after the first (a key polling, deleting, rolling back) go to the API, so a key never acts on
// a listing older than its own first look. A listed client lacking a field the update step compares is read with
// GET instead: a terser listing costs a call, never a false difference (and so a write). If the list fails, every
// read is a GET, as without it.

const COMPARED_FIELDS = [
  "name",
  "description",
  "authorizedGrantType",
  "roleDivisions",
  "registeredRedirectUri",
  "scope",
  "accessTokenValiditySeconds",
  "state",
] as const;

export function withListedClients(session: GenesysSession): GenesysSession {
  const api = session.clients;
  let listing: Promise<Map<string, OAuthClient>> | undefined;
  const firstReadDone = new Set<string>();
  const listed = () =>
    (listing ??= api.list().then(
      (clients) => new Map(clients.map((client) => [client.id, client])),
      (error: unknown) => {
        debug(`listing the OAuth clients failed (${describeError(error)}); reading each client instead`);
        return new Map<string, OAuthClient>();
      },
    ));
  const get = async (id: string): Promise<OAuthClient | undefined> => {
    if (!firstReadDone.has(id)) {
      firstReadDone.add(id);
      const client = (await listed()).get(id);
      if (client && COMPARED_FIELDS.every((field) => client[field] !== undefined)) return client;
    }
    return api.get(id);
  };
  const clients = new Proxy(api, {
    get(target, property) {
      if (property === "get") return get;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { ...session, clients };
}
