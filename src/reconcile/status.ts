import { randomBytes } from "node:crypto";
import { describeError } from "../core/errors.js";
import { redact } from "../core/redact.js";
import type { EnsureRequest } from "../external/query.js";
import type { GenesysSession } from "../genesys/session.js";
import type { SecretsStore } from "../secrets/store.js";
import { createEnsureContext } from "./context.js";
import { assess } from "./ensure.js";
import { sessionForKeys } from "./ensure-many.js";
import { forEachKey } from "./for-each-key.js";
import { TAG_GENERATION } from "./tags.js";

// The plan-time half of the module (docs/ARCHITECTURE.md, "Plans never write"): what an apply would do for each
// key, found by reads only. The module turns `generation` into the trigger of its apply-time ensure step:
//   converged  the generation the last successful ensure recorded on the secret: the trigger is unchanged, so the
//              plan shows nothing and the apply runs nothing;
//   pending    the work an apply must do plus a fresh nonce: the trigger differs from the recorded one, so the
//              plan shows the ensure step and the apply runs it (which records this generation when it succeeds);
//   error      why the reads failed (missing credentials, a secret this tool does not manage, a service down): the
//              module's precondition fails the plan with it. A status never fails itself, so `terraform destroy`,
//              which reads it too, is never blocked by what it reports.

export interface ClientStatus {
  state: "converged" | "pending" | "error";
  generation: string;
  /** The steps an apply would run, in order ("" when converged). */
  actions: string;
  /** Why the status could not be read ("" unless state is "error"). One redacted line. */
  error: string;
}

const slug = (step: string) => step.toLowerCase().replace(/[^a-z0-9]+/g, "-");
// Tag values allow letters, digits, spaces and _ . : / = + - @, at most 256 characters.
const nonce = () => randomBytes(4).toString("hex");

export function pendingGeneration(steps: readonly string[]): string {
  return `${steps.map(slug).join("+").slice(0, 200)}/${nonce()}`;
}

export function errorStatus(error: unknown): ClientStatus {
  return { state: "error", generation: `error/${nonce()}`, actions: "", error: redact(describeError(error)).replace(/\s*\n\s*/g, " ") };
}

export async function statusOf(request: EnsureRequest, genesys: GenesysSession, store: SecretsStore): Promise<ClientStatus> {
  const ctx = createEnsureContext({ ...request, readOnly: true }, genesys, store);
  const pending = await assess(ctx);
  if (pending.length === 0) return { state: "converged", generation: ctx.secret?.tags[TAG_GENERATION] ?? "", actions: "", error: "" };
  const steps = pending.map((p) => p.step);
  return { state: "pending", generation: pendingGeneration(steps), actions: steps.join(", "), error: "" };
}

export async function statusMany(
  requests: ReadonlyMap<string, EnsureRequest>,
  genesys: GenesysSession,
  store: SecretsStore,
): Promise<Map<string, ClientStatus>> {
  const session = sessionForKeys(genesys, requests.size);
  const { results, errors } = await forEachKey(requests, (request) => statusOf(request, session, store));
  for (const [key, error] of errors) results.set(key, errorStatus(error));
  return results;
}
