import { ShimError } from "../core/errors.js";
import { debug } from "../core/log.js";
import type { EnsureContext, Step } from "./context.js";
import { observe } from "./observe.js";
import { adoptClient } from "./steps/adopt-client.js";
import { claimSecretName } from "./steps/claim-secret-name.js";
import { createClient } from "./steps/create-client.js";
import { createStandby } from "./steps/create-standby.js";
import { regenerateSecret } from "./steps/regenerate-secret.js";
import { restoreSecret } from "./steps/restore-secret.js";
import { setKmsKey } from "./steps/set-kms-key.js";
import { storeSecret } from "./steps/store-secret.js";
import { tagSecret } from "./steps/tag-secret.js";
import { takeLease } from "./steps/take-lease.js";
import { testSecret } from "./steps/test-secret.js";
import { releaseAfterFailure } from "./rollback.js";
import { removeStandby } from "./steps/remove-standby.js";
import { switchToStandby } from "./steps/switch-to-standby.js";
import { updateClient } from "./steps/update-client.js";
import { updateStandby } from "./steps/update-standby.js";

/** In order. Each step checks recorded state first and acts only when its work is not done. */
export const ENSURE_STEPS: readonly Step[] = [
  restoreSecret,
  claimSecretName,
  adoptClient,
  takeLease,
  removeStandby,
  createClient,
  createStandby,
  updateClient,
  updateStandby,
  switchToStandby,
  setKmsKey,
  regenerateSecret,
  storeSecret,
  testSecret,
  tagSecret,
];

export interface EnsureResult {
  client_id: string;
  /** rotation_strategy "alternating": the other client ("" under in_place). */
  standby_client_id: string;
  client_name: string;
  secret_arn: string;
  secret_name: string;
  secret_version_id: string;
  genesys_region: string;
}

export async function ensure(ctx: EnsureContext): Promise<EnsureResult> {
  try {
    const result = await runSteps(ctx);
    await ctx.lease?.release("clean");
    return result;
  } catch (error) {
    await releaseAfterFailure(ctx);
    throw error;
  } finally {
    await ctx.lease?.stop();
  }
}

/** Regenerates after the final check failed; a second failure means another writer keeps changing the secret. */
const MAX_REPAIRS = 1;

async function checkStep(step: Step, ctx: EnsureContext): Promise<string | undefined> {
  try {
    return await step.check(ctx);
  } catch (error) {
    throw error instanceof ShimError ? error.withStep(step.name) : error;
  }
}

export interface PendingStep {
  step: string;
  reason: string;
}

/** What an apply would do: observes, then asks every step whether it must act, and runs none. Never writes. */
export async function assess(ctx: EnsureContext): Promise<PendingStep[]> {
  await observe(ctx);
  const pending: PendingStep[] = [];
  for (const step of ENSURE_STEPS) {
    const reason = await checkStep(step, ctx);
    if (reason) pending.push({ step: step.name, reason });
  }
  return pending;
}

async function runStep(ctx: EnsureContext, step: Step): Promise<void> {
  const reason = await checkStep(step, ctx);
  if (!reason) return;
  debug(`step "${step.name}": ${reason}`);
  try {
    await step.run(ctx);
  } catch (error) {
    throw error instanceof ShimError ? error.withStep(step.name) : error;
  }
  (ctx.ranSteps ??= []).push(step.name);
}

async function runSteps(ctx: EnsureContext): Promise<EnsureResult> {
  if (ctx.request.readOnly) {
    const pending = await assess(ctx);
    if (pending.length) {
      throw new ShimError(
        "READ_ONLY_CHANGES_NEEDED",
        `read-only mode: nothing was written, but an apply would: ${pending.map((p) => `${p.step} (${p.reason})`).join("; ")}.`,
        {
          hint: "Run terraform apply with write credentials, or unset read_only / GENESYS_OAUTH_SHIM_READ_ONLY.",
        },
      );
    }
    return result(ctx);
  }
  await observe(ctx);
  const leaseStep = ENSURE_STEPS.indexOf(takeLease);
  let repairs = 0;
  for (let index = 0; index < ENSURE_STEPS.length; index++) {
    const step = ENSURE_STEPS[index]!;
    await runStep(ctx, step);
    // The repair loop lives here, not in the steps: a lost lease means waiting for it again; a stored secret that is
    // not the client's latest means regenerate, store and check once more, under the lease.
    if (ctx.leaseLost) {
      ctx.leaseLost = false;
      index = leaseStep - 1;
    } else if (step === testSecret && ctx.staleStored) {
      if (repairs++ === MAX_REPAIRS) {
        throw new ShimError(
          "CONFLICT",
          `the client secret stored in "${ctx.secret!.name}" is not the client's latest, even after regenerating it once (another writer keeps changing it)`,
          {
            step: step.name,
            hint: "Make sure only one Terraform run (or person) manages this client at a time, then run again; the next run checks and repairs the secret.",
          },
        );
      }
      index = leaseStep - 1;
    }
  }
  if ((ctx.storedThisRun || ctx.inheritedStaleLease) && !ctx.verified) {
    throw new Error("ensure finished without the final check of the stored secret");
  }
  return result(ctx);
}

function result(ctx: EnsureContext): EnsureResult {
  const { client, secret } = ctx;
  if (!client || !secret?.currentVersionId) throw new Error("ensure finished without a client and a stored secret");
  return {
    client_id: client.id,
    standby_client_id: ctx.standby?.id ?? "",
    client_name: client.name,
    secret_arn: secret.arn,
    secret_name: secret.name,
    secret_version_id: secret.currentVersionId,
    genesys_region: ctx.genesys.endpoints.region.name,
  };
}
