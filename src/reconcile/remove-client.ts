import { ShimError } from "../core/errors.js";
import type { OAuthClientsApi } from "../genesys/clients-api.js";
import { toRequest, type OAuthClient } from "../genesys/types.js";

// Genesys refuses to delete an active client: PUT it inactive, DELETE it, then GET until it is gone (404),
// as the official provider does. Each step is a no-op when its work is already done.

const GONE_TIMEOUT_MS = 30_000;
const POLL_MS = 500;

export async function deactivateClient(api: OAuthClientsApi, client: OAuthClient): Promise<void> {
  if (client.state === "inactive") return;
  await api.update(client.id, { ...toRequest(client), state: "inactive" });
}

export async function waitUntilGone(api: OAuthClientsApi, id: string): Promise<void> {
  const deadline = Date.now() + GONE_TIMEOUT_MS;
  while ((await api.get(id)) !== undefined) {
    if (Date.now() > deadline) {
      throw new ShimError("GENESYS_API_ERROR", `the OAuth client ${id} was deleted but is still readable after ${GONE_TIMEOUT_MS / 1000} s`, { hint: "Run the delete again." });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Returns false when the client did not exist. */
export async function removeClient(api: OAuthClientsApi, id: string): Promise<boolean> {
  const client = await api.get(id);
  if (!client) return false;
  await deactivateClient(api, client);
  await api.delete(id);
  await waitUntilGone(api, id);
  return true;
}
