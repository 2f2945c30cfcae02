import type { EnsureRequest } from "../external/query.js";
import type { GenesysSession } from "../genesys/session.js";
import type { OAuthClient } from "../genesys/types.js";
import type { StoredCredentials } from "../secrets/document.js";
import type { SecretInfo, SecretsStore } from "../secrets/store.js";
import type { HeldLease } from "./lease.js";
import { TAG_CLAIM } from "./tags.js";

/** Everything one ensure run knows. State lives in Genesys and Secrets Manager; this is only what was observed. */
export interface EnsureContext {
  request: EnsureRequest;
  genesys: GenesysSession;
  store: SecretsStore;
  secret: SecretInfo | undefined;
  /** The stored document, read only when a step needs it (never in a steady-state run). */
  storedDocument: StoredCredentials | undefined;
  client: OAuthClient | undefined;
  /** rotation_strategy "alternating": the second client, whose secret the next rotation regenerates. */
  standby?: OAuthClient;
  /** The standby the secret records, when Genesys says it is gone or soft-deleted: drift. */
  goneStandby?: { id: string; why: string };
  /** The current client was gone and the live standby took its place (observe). */
  standbyTookOver?: boolean;
  /** This run made the standby the client whose credentials it stores (a rotation under "alternating"). */
  switchedToStandby?: boolean;
  /** A standby client was created in this run (its secret, never needed until it takes over, was dropped). */
  createdStandbyThisRun?: boolean;
  /** rotation_strategy "in_place": the standby the secret recorded was deleted in this run. */
  standbyRemoved?: boolean;
  /** The client the secret records, when Genesys says it is gone or soft-deleted (why, in words): drift. */
  goneClient?: { id: string; why: string };
  /** Ids this run already looked for long enough to know they do not exist (so later reads do not wait again). */
  confirmedMissing?: Set<string>;
  /** When this run first looked for its client and found none: a bounded wait for a lagging one counts from here. */
  missingSince?: number;
  /** A client secret from create or regenerate that is not stored yet. Memory only. */
  pendingClientSecret: string | undefined;
  createdClientThisRun: boolean;
  claimedSecretThisRun: boolean;
  storedVersionId: string | undefined;
  /** This run's id in the claim's lease and in write leases. */
  owner?: string;
  /** The write lease this run holds (from its claim, or taken by the lease step); renewed until released. */
  lease?: HeldLease;
  /** The lease step must run again: a confirm before an irrevocable write found the lease no longer ours. */
  leaseLost?: boolean;
  /** A regenerate request left this run. */
  regenerateAttempted?: boolean;
  /** A regenerate request left and neither its answer nor a refusal came back: it may still be applied later. */
  regenerateUnsettled?: boolean;
  /** A create request left this run (it may have been applied even if it failed). */
  createAttempted?: boolean;
  /** The lease this run replaced had gone silent or was released: its holder stopped while writing. */
  inheritedStaleLease?: boolean;
  /** This run stored a value (the final check verifies the stored secret). */
  storedThisRun?: boolean;
  /** The client's dateModified as Genesys returned it with the pending secret (create or regenerate). */
  pendingDateModified?: string;
  /** This run's stored version lost the compare-and-swap of AWSCURRENT to another run's: the final check decides. */
  lostVersionId?: string;
  /** The final check showed the stored secret is the client's latest, in this run. */
  verified?: boolean;
  /** Observe found the client by its claim marker (an interrupted run had created it). */
  adoptedMarkedClient?: boolean;
  /** The steps that acted in this run, in order (the `ensure` command's summary line). */
  ranSteps?: string[];
  /** The final check showed the stored secret is NOT the client's latest: ensure repairs it (regenerate once). */
  staleStored?: boolean;
}

export interface Step {
  /** Imperative and specific: "create OAuth client". */
  name: string;
  /** Why the step must act, or undefined when its work is already done. Reads, never writes. */
  check(ctx: EnsureContext): Promise<string | undefined> | string | undefined;
  run(ctx: EnsureContext): Promise<void>;
}

export function claimOfSecret(ctx: EnsureContext): string {
  const claim = ctx.secret?.tags[TAG_CLAIM];
  if (!claim) throw new Error("the secret has no claim tag; the claim step must run first");
  return claim;
}

/** The context an ensure run starts from: the request and the two services, nothing observed yet. */
export function createEnsureContext(request: EnsureRequest, genesys: GenesysSession, store: SecretsStore): EnsureContext {
  return {
    request,
    genesys,
    store,
    secret: undefined,
    storedDocument: undefined,
    client: undefined,
    pendingClientSecret: undefined,
    createdClientThisRun: false,
    claimedSecretThisRun: false,
    storedVersionId: undefined,
  };
}
