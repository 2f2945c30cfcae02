// The one way tests run the shim: the committed bundle (what Terraform runs), as `node <bundle> <command> …`, through
// the external-protocol driver (stdin in; stdout checked as Terraform's provider checks it when asked).
import { fileURLToPath } from "node:url";
import type { ProcessResult } from "./processes.js";
import { runExternal, runRaw, type DriverOptions, type ExternalResult } from "./protocol-driver.js";

export const SHIM_BUNDLE = fileURLToPath(new URL("../../terraform/modules/oauth-clients/shim/genesys-oauth-shim.mjs", import.meta.url));

/** argv of one shim command. */
export function shimArgv(command: string, ...args: string[]): string[] {
  return ["node", SHIM_BUNDLE, command, ...args];
}

/** A command that speaks Terraform's external protocol (external, external-many): the query as a JSON object. */
export function runShimExternal(command: string, query: Record<string, string>, options: DriverOptions): Promise<ExternalResult> {
  return runExternal(shimArgv(command), query, { timeoutMs: 90_000, ...options });
}

/** Any command with any stdin text (delete, doctor, ensure, malformed input). */
export function runShim(command: string, stdinText: string, options: DriverOptions & { args?: string[] }): Promise<ProcessResult> {
  return runRaw(shimArgv(command, ...(options.args ?? [])), stdinText, { timeoutMs: 90_000, ...options });
}
