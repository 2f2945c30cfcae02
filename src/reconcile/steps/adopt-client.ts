import { ShimError } from "../../core/errors.js";
import { isDeleted } from "../../genesys/types.js";
import { claimOfSecret, type Step } from "../context.js";
import { claimOf } from "../marker.js";
import { getExpectedClient } from "../remove-client.js";
import { TAG_CLIENT_ID } from "../tags.js";

// adopt_client_id: take over a client made elsewhere (genesyscloud_oauth_client, by hand). Only for a secret that
// has recorded no client and holds no value yet; from then on the client is this secret's like any other (the update
// step marks it with the secret's claim, regenerate and store give it a secret only Secrets Manager has). A client
// already marked with another secret's claim is refused: two secrets would rotate one client's secret in turn.
export const adoptClient: Step = {
  name: "adopt existing OAuth client",
  check(ctx) {
    const id = ctx.request.adoptClientId;
    if (!id || ctx.client || !ctx.secret || ctx.secret.currentVersionId || ctx.secret.tags[TAG_CLIENT_ID]) return undefined;
    return `adopt_client_id names the existing client ${id}`;
  },
  async run(ctx) {
    const id = ctx.request.adoptClientId!;
    const client = await getExpectedClient(ctx.genesys.clients, id);
    if (!client || isDeleted(client)) {
      throw new ShimError(
        "CONFLICT",
        `adopt_client_id: no OAuth client ${id} exists in this Genesys Cloud organisation${client ? ` (it was deleted; Genesys removes it for good on ${client.dateToDelete ?? "a later date"})` : ""}`,
        {
          hint: "Check the id (Admin > Integrations > OAuth) and the region; or remove adopt_client_id to create a new client.",
        },
      );
    }
    const claim = claimOf(client.description);
    if (claim && claim !== claimOfSecret(ctx)) {
      throw new ShimError(
        "CONFLICT",
        `adopt_client_id: the OAuth client ${id} is already managed by genesys-oauth-shim for another secret (claim ${claim} in its description)`,
        {
          hint: "Each client belongs to one secret. Remove adopt_client_id, or destroy the module that manages it first.",
        },
      );
    }
    ctx.client = client;
  },
};
