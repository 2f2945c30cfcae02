// One line of the doctor's report: what was checked, whether it passed, and what to do when it did not.
import { describeError, ShimError } from "../core/errors.js";

/** Check names, in report order (a skipped check still appears under its name). */
export const CHECK = {
  node: "Node.js version",
  genesysCredentials: "Genesys credentials",
  genesysRegion: "Genesys region",
  token: "Genesys token",
  listClients: "Genesys: list OAuth clients",
  genesysWrite: "Genesys write check (add, edit, delete a throwaway client)",
  awsIdentity: "AWS credentials and region",
  describeSecret: "Secrets Manager: DescribeSecret",
} as const;

export type CheckStatus = "pass" | "fail" | "skip";

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to change, on failure. */
  fix?: string;
}

export const pass = (name: string, detail: string): CheckResult => ({ name, status: "pass", detail });
export const skip = (name: string, detail: string): CheckResult => ({ name, status: "skip", detail });
export function fail(name: string, detail: string, fix?: string): CheckResult {
  return fix === undefined ? { name, status: "fail", detail } : { name, status: "fail", detail, fix };
}

/** A failure described by the error the shim itself would have raised (its message and hint). */
export function failFromError(name: string, error: unknown, fix?: string): CheckResult {
  const hint = error instanceof ShimError ? error.hint : undefined;
  const detail = error instanceof ShimError ? describeError(new ShimError(error.code, error.message, { upstream: error.upstream })) : describeError(error);
  return fail(name, detail, fix ?? hint);
}

export function upstreamOf(error: unknown): { status?: number; code?: string; message?: string } {
  return error instanceof ShimError && error.upstream ? error.upstream : {};
}
