import type { EnsureRequest } from "../external/query.js";
import type { GenesysSession } from "../genesys/session.js";
import type { OAuthClient } from "../genesys/types.js";
import type { StoredCredentials } from "../secrets/document.js";
import type { SecretInfo, SecretsStore } from "../secrets/store.js";
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
  /** This run holds the write lease on the secret (from its claim, or taken by the lease step). */
  leaseHeld?: boolean;
  /** The lease was taken by tagging (not by the claim): confirmed again right before a regenerate. */
  leaseTakenByTag?: boolean;
  /** A create request left this run (it may have been applied even if it failed). */
  createAttempted?: boolean;
  /** The lease this run replaced had expired or was released: its holder stopped while writing. */
  inheritedStaleLease?: boolean;
  /** This run stored a value (the test-secret step checks it). */
  storedThisRun?: boolean;
  /** The stored secret was tested at the token endpoint in this run and works. */
  verified?: boolean;
  /** Observe found the client by its claim marker (an interrupted run had created it). */
  adoptedMarkedClient?: boolean;
  /** The steps that acted in this run, in order (the `ensure` command's summary line). */
  ranSteps?: string[];
  /** When the last DescribeSecret was sent (the lease step bounds its read-to-write gap with it). */
  observedAt?: number;
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
