import { ShimError } from "../core/errors.js";
import type { GenesysSession } from "../genesys/session.js";
import type { DeleteOptions, SecretsStore } from "../secrets/store.js";
import { acquireLease, newOwnerId, type HeldLease } from "./lease.js";
import { claimOf } from "./marker.js";
import { isDeleted } from "../genesys/types.js";
import { deactivateClient, describeRemoval, getExpectedClient, removeClient, waitUntilGone } from "./remove-client.js";
import { isManagedSecret, TAG_CLAIM, TAG_CLIENT_ID, TAG_STANDBY_CLIENT_ID } from "./tags.js";

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
 * Under the write lease of the secret (when it is one of ours): deactivate client → delete client → confirm gone →
 * read the secret AGAIN, still under the lease → delete it only if its tag still names this client. A rotation that
 * would recreate the client and re-tag the secret waits for this lease, and this delete never acts on ownership it
 * read before taking it. Not-found at any point counts as done, so the command is safe to repeat.
 */
export async function deleteClientAndSecret(request: DeleteRequest, genesys: GenesysSession, store: SecretsStore | undefined): Promise<DeleteReport> {
  const lease = store && request.secretId ? await leaseForDelete(store, request.secretId) : undefined;
  const progress = { wrote: false, deleteSent: false };
  try {
    const { report, secretDeleted } = await deleteUnderLease(request, genesys, store, progress);
    if (!secretDeleted) await lease?.release("clean");
    return report;
  } catch (error) {
    // A DeleteSecret that failed may still land later: then the lease is left to lapse (others take it over only
    // after seeing it unchanged for the TTL), rather than released for a rotation to start at once.
    if (!progress.deleteSent) await lease?.release(progress.wrote ? "check" : "clean");
    throw error;
  } finally {
    await lease?.stop();
  }
}

async function leaseForDelete(store: SecretsStore, secretId: string): Promise<HeldLease | undefined> {
  const secret = await store.describe(secretId);
  if (!secret || secret.deletedDate || !isManagedSecret(secret.tags)) return undefined;
  const got = await acquireLease(secret, {
    store,
    secretName: secretId,
    owner: newOwnerId(),
    read: () => store.describe(secretId),
    stillNeeded: async () => true,
  });
  return got.held;
}

async function deleteUnderLease(
  request: DeleteRequest,
  genesys: GenesysSession,
  store: SecretsStore | undefined,
  progress: { wrote: boolean; deleteSent: boolean },
): Promise<{ report: DeleteReport; secretDeleted: boolean }> {
  const report: DeleteReport = [];
  const api = genesys.clients;
  const client = await getExpectedClient(api, request.clientId);
  if (!client) {
    report.push(`OAuth client ${request.clientId} does not exist (already deleted)`);
  } else if (isDeleted(client)) {
    // Soft-deleted (older than 30 days): gone for every purpose; Genesys removes it for good on its own.
    report.push(
      `OAuth client ${client.id} ("${client.name}") is already deleted${describeRemoval({ kind: "soft-deleted", dateToDelete: client.dateToDelete })}`,
    );
  } else {
    if (!claimOf(client.description)) {
      throw new ShimError("NOT_MANAGED", `the OAuth client ${client.id} ("${client.name}") was not created by genesys-oauth-shim; refusing to delete it`, {
        step: "deactivate client",
        hint: "Delete it in Genesys Cloud yourself if that is what you want.",
      });
    }
    progress.wrote = true;
    await deactivateClient(api, client);
    await api.delete(client.id);
    const removal = await waitUntilGone(api, client.id);
    report.push(`deleted OAuth client ${client.id} ("${client.name}")${describeRemoval(removal)}`);
  }
  if (!request.secretId || !store) return { report, secretDeleted: false };
  const secret = await store.describe(request.secretId);
  if (!secret || secret.deletedDate) {
    report.push(`secret ${request.secretId} is already deleted or scheduled for deletion`);
    return { report, secretDeleted: true };
  }
  const refusal = whyNotOurs(secret.tags, request.clientId);
  if (refusal) {
    report.push(`kept secret ${secret.name}: ${refusal}`);
    return { report, secretDeleted: false };
  }
  // rotation_strategy "alternating": the secret's other client goes with it (once the secret is gone, nothing
  // would find that client again).
  const standbyId = secret.tags[TAG_STANDBY_CLIENT_ID];
  if (standbyId && standbyId !== request.clientId) {
    const standby = await getExpectedClient(api, standbyId);
    if (standby && !isDeleted(standby) && claimOf(standby.description) === secret.tags[TAG_CLAIM]) {
      const removal = await removeClient(api, standby);
      report.push(`deleted the standby OAuth client ${standby.id} ("${standby.name}")${removal === "absent" ? "" : describeRemoval(removal)}`);
    }
  }
  progress.deleteSent = true;
  await store.delete(secret.arn, request.secretDeletion);
  const secretDeleted = true;
  report.push(
    request.secretDeletion.forceDeleteWithoutRecovery
      ? `deleted secret ${secret.name} without recovery`
      : `scheduled secret ${secret.name} for deletion in ${request.secretDeletion.recoveryWindowInDays ?? 30} days`,
  );
  return { report, secretDeleted };
}
