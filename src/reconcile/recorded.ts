import type { EnsureRequest } from "../external/query.js";
import type { SecretsStore } from "../secrets/store.js";
import { isManagedSecret, TAG_CLIENT_ID, TAG_STANDBY_CLIENT_ID } from "./tags.js";

// The module's after-apply read (docs/ARCHITECTURE.md, "Plans never write"): where the client and its secret are,
// from the secret's description alone (one DescribeSecret, no Genesys call). It runs after the ensure step, or at
// plan when nothing is pending; empty strings when there is nothing of ours yet, never an error about state.

export interface RecordedClient {
  /** The client whose credentials AWSCURRENT holds (under "alternating" it changes on each rotation). */
  client_id: string;
  /** Under "alternating", the other client (after a rotation AWSPREVIOUS holds its credentials); "" under in_place. */
  standby_client_id: string;
  client_name: string;
  secret_arn: string;
  secret_name: string;
  secret_version_id: string;
}

export async function recordedClient(request: EnsureRequest, store: SecretsStore): Promise<RecordedClient> {
  const secret = await store.describe(request.secretName);
  const ours = secret !== undefined && !secret.deletedDate && isManagedSecret(secret.tags);
  return {
    client_id: ours ? (secret.tags[TAG_CLIENT_ID] ?? "") : "",
    standby_client_id: ours ? (secret.tags[TAG_STANDBY_CLIENT_ID] ?? "") : "",
    client_name: request.name,
    secret_arn: ours ? secret.arn : "",
    secret_name: request.secretName,
    secret_version_id: ours ? (secret.currentVersionId ?? "") : "",
  };
}
