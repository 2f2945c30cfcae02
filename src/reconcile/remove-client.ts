import { ShimError } from "../core/errors.js";
import type { OAuthClientsApi } from "../genesys/clients-api.js";
import { isDeleted, toRequest, type OAuthClient } from "../genesys/types.js";
import { GET_VISIBILITY_WAIT_MS, lookUntilVisible } from "./visibility.js";

// Genesys refuses to delete an active client: PUT it inactive, DELETE it, then GET until it is gone, as the official
// provider does: gone is a 404, or state "deleted" (a client older than 30 days is kept, deactivated, for seven
// days). Each step is a no-op when its work is already done.

const GONE_TIMEOUT_MS = 30_000;
const POLL_MS = 500;

export async function deactivateClient(api: OAuthClientsApi, client: OAuthClient): Promise<void> {
  if (client.state === "inactive" || isDeleted(client)) return;
  await api.update(client.id, { ...toRequest(client), state: "inactive" });
}

/** How the client ended: removed (404), or soft-deleted (readable with state "deleted" until its dateToDelete). */
export type Removal = { kind: "removed" } | { kind: "soft-deleted"; dateToDelete: string | undefined };

export async function waitUntilGone(api: OAuthClientsApi, id: string): Promise<Removal> {
  const deadline = Date.now() + GONE_TIMEOUT_MS;
  for (;;) {
    const client = await api.get(id);
    if (!client) return { kind: "removed" };
    if (isDeleted(client)) return { kind: "soft-deleted", dateToDelete: client.dateToDelete };
    if (Date.now() > deadline) {
      throw new ShimError(
        "GENESYS_API_ERROR",
        `the OAuth client ${id} was deleted but is still readable, in state "${client.state}", after ${GONE_TIMEOUT_MS / 1000} s`,
        { hint: "Run the delete again." },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * The client by id, for a caller that has reason to believe it exists: a 404 is looked at again for a few seconds,
 * since a client created moments ago is not readable yet. undefined: it does not exist.
 */
export async function getExpectedClient(api: OAuthClientsApi, id: string): Promise<OAuthClient | undefined> {
  return lookUntilVisible(`the OAuth client ${id}`, GET_VISIBILITY_WAIT_MS, () => api.get(id));
}

/** Removes a client this run holds (or reads it first, given an id); "absent" when it did not exist or was deleted. */
export async function removeClient(api: OAuthClientsApi, clientOrId: OAuthClient | string): Promise<Removal | "absent"> {
  const client = typeof clientOrId === "string" ? await getExpectedClient(api, clientOrId) : clientOrId;
  if (!client || isDeleted(client)) return "absent";
  await deactivateClient(api, client);
  await api.delete(client.id);
  return waitUntilGone(api, client.id);
}

export function describeRemoval(removal: Removal): string {
  return removal.kind === "removed"
    ? ""
    : ` (Genesys keeps it deactivated, in state "deleted", until ${removal.dateToDelete ?? "seven days from now"}, then removes it)`;
}
