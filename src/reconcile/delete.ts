import { ShimError } from "../core/errors.js";
import type { GenesysSession } from "../genesys/session.js";
import type { DeleteOptions, SecretsStore } from "../secrets/store.js";
import { claimOf } from "./marker.js";
import { isDeleted } from "../genesys/types.js";
import { deactivateClient, describeRemoval, getExpectedClient, waitUntilGone } from "./remove-client.js";
import { isManagedSecret, TAG_CLIENT_ID } from "./tags.js";

/**
 * A secret is deleted only when its tags say it holds this client's credentials: managed by this tool AND its
 * client-id tag names this client. Untagged, foreign, bare-claim (no client recorded yet: a run may be mid-flight)
 * and re-used secrets all survive.
 */
function whyNotOurs(tags: Record<string, string>, clientId: string): string | undefined {
  if (!isManagedSecret(tags)) return "it was not created by genesys-oauth-shim (no managed/claim tags)";
  const owner = tags[TAG_CLIENT_ID];
  if (!owner) return "it records no OAuth client (a claim without a stored client), so it is not known to belong to this one";
  if (owner !== clientId) return `it now belongs to OAuth client ${owner}`;
  return undefined;
}

export interface DeleteRequest {
  clientId: string;
  secretId: string | undefined;
  secretDeletion: DeleteOptions;
}

/** What delete did, one line each, for the user (never a secret). */
export type DeleteReport = string[];

/**
 * deactivate client → delete client → confirm gone → delete secret (only if its tag still names this client).
 * Not-found at any point counts as done, so the command is safe to repeat after a partial failure.
 */
export async function deleteClientAndSecret(request: DeleteRequest, genesys: GenesysSession, store: SecretsStore | undefined): Promise<DeleteReport> {
  const report: DeleteReport = [];
  const api = genesys.clients;
  const client = await getExpectedClient(api, request.clientId);
  if (!client) {
    report.push(`OAuth client ${request.clientId} does not exist (already deleted)`);
  } else if (isDeleted(client)) {
    // Soft-deleted (older than 30 days): gone for every purpose; Genesys removes it for good on its own.
    report.push(`OAuth client ${client.id} ("${client.name}") is already deleted${describeRemoval({ kind: "soft-deleted", dateToDelete: client.dateToDelete })}`);
  } else {
    if (!claimOf(client.description)) {
      throw new ShimError("NOT_MANAGED", `the OAuth client ${client.id} ("${client.name}") was not created by genesys-oauth-shim; refusing to delete it`, {
        step: "deactivate client",
        hint: "Delete it in Genesys Cloud yourself if that is what you want.",
      });
    }
    await deactivateClient(api, client);
    await api.delete(client.id);
    const removal = await waitUntilGone(api, client.id);
    report.push(`deleted OAuth client ${client.id} ("${client.name}")${describeRemoval(removal)}`);
  }
  if (!request.secretId || !store) return report;
  const secret = await store.describe(request.secretId);
  if (!secret || secret.deletedDate) {
    report.push(`secret ${request.secretId} is already deleted or scheduled for deletion`);
    return report;
  }
  const refusal = whyNotOurs(secret.tags, request.clientId);
  if (refusal) {
    report.push(`kept secret ${secret.name}: ${refusal}`);
    return report;
  }
  await store.delete(secret.arn, request.secretDeletion);
  report.push(
    request.secretDeletion.forceDeleteWithoutRecovery
      ? `deleted secret ${secret.name} without recovery`
      : `scheduled secret ${secret.name} for deletion in ${request.secretDeletion.recoveryWindowInDays ?? 30} days`,
  );
  return report;
}
