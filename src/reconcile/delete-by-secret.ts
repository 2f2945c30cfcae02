import type { GenesysSession } from "../genesys/session.js";
import { isDeleted } from "../genesys/types.js";
import type { DeleteOptions, SecretsStore } from "../secrets/store.js";
import { debug } from "../core/log.js";
import { deleteClientAndSecret, type DeleteReport } from "./delete.js";
import { acquireLease, newOwnerId } from "./lease.js";
import { LIST_VISIBILITY_WAIT_MS, lookUntilVisible } from "./visibility.js";
import { claimOf } from "./marker.js";
import { isManagedSecret, TAG_CLAIM, TAG_CLIENT_ID, TAG_STANDBY_CLIENT_ID } from "./tags.js";

// The modules' destroy hook: everything of this tool's under one secret name, found from the secret itself, so
// the hook needs no id that only a successful apply could have put in state. It never creates anything.
//   no secret, or one scheduled for deletion   nothing to do (a client is always deleted before its secret)
//   a secret without our managed/claim tags     kept, and said so: destroy is not blocked by a foreign secret
//   ours                                        under the secret's write lease (as ensure and delete by id take it,
//                                               so a run that would recreate a client waits): every client the
//                                               secret names or that carries its claim marker (one an interrupted
//                                               run created), then the secret itself

export interface DeleteBySecretRequest {
  secretName: string;
  secretDeletion: DeleteOptions;
}

export async function deleteBySecretName(request: DeleteBySecretRequest, store: SecretsStore, openGenesys: () => GenesysSession): Promise<DeleteReport> {
  const found = await store.describe(request.secretName);
  if (!found) return [`secret ${request.secretName} does not exist: nothing of genesys-oauth-shim's to delete under that name`];
  if (found.deletedDate) return [`secret ${found.name} is already scheduled for deletion (its client was deleted first)`];
  if (!isManagedSecret(found.tags)) return [`kept secret ${found.name}: it was not created by genesys-oauth-shim, so neither it nor any client was deleted`];

  const genesys = openGenesys();
  const read = () => store.describe(request.secretName);
  const { held, inheritedStale } = await acquireLease(found, {
    store,
    secretName: request.secretName,
    owner: newOwnerId(),
    read,
    stillNeeded: async () => true,
  });
  const progress = { wrote: false, deleteSent: false };
  try {
    return await deleteUnderLease(request, store, genesys, progress, inheritedStale);
  } catch (error) {
    // A DeleteSecret that failed may still land: its lease is left to lapse rather than released.
    if (!progress.deleteSent) await held?.release(progress.wrote ? "check" : "clean");
    throw error;
  } finally {
    await held?.stop();
  }
}

async function deleteUnderLease(
  request: DeleteBySecretRequest,
  store: SecretsStore,
  genesys: GenesysSession,
  progress: { wrote: boolean; deleteSent: boolean },
  afterStoppedRun: boolean,
): Promise<DeleteReport> {
  // Read again under the lease: what the secret names now is what is deleted.
  const secret = await store.describe(request.secretName);
  if (!secret || secret.deletedDate) return [`secret ${request.secretName} was deleted meanwhile: nothing left to delete`];
  const claim = secret.tags[TAG_CLAIM];
  const clientIds = new Set<string>();
  const recorded = secret.tags[TAG_CLIENT_ID];
  if (recorded) clientIds.add(recorded);
  const standby = secret.tags[TAG_STANDBY_CLIENT_ID];
  if (standby) clientIds.add(standby);
  // A run that stopped mid-flight (its lease was left on the secret, or it never recorded a client) may have created
  // a client moments ago, which the list shows only after a delay: wait that out before listing, so it is found.
  if (afterStoppedRun || !recorded) {
    debug(`a run stopped while writing "${secret.name}"; waiting ${LIST_VISIBILITY_WAIT_MS} ms for any client it created to be listed`);
    await lookUntilVisible(`clients carrying claim ${claim}`, LIST_VISIBILITY_WAIT_MS, async () => undefined);
  }
  for (const client of await genesys.clients.list()) {
    // A soft-deleted client (state "deleted", docs/GENESYS-BEHAVIOUR.md) is already gone.
    if (claimOf(client.description) === claim && !isDeleted(client)) clientIds.add(client.id);
  }
  const report: DeleteReport = [];
  for (const clientId of clientIds) {
    progress.wrote = true;
    report.push(...(await deleteClientAndSecret({ clientId, secretId: undefined, secretDeletion: request.secretDeletion }, genesys, undefined)));
  }
  progress.deleteSent = true;
  await store.delete(secret.arn, request.secretDeletion);
  report.push(
    request.secretDeletion.forceDeleteWithoutRecovery
      ? `deleted secret ${secret.name} without recovery`
      : `scheduled secret ${secret.name} for deletion in ${request.secretDeletion.recoveryWindowInDays ?? 30} days`,
  );
  return report;
}
