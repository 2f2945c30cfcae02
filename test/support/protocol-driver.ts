// Runs a program the way Terraform's `data "external"` does: the query as one JSON object of strings on stdin;
// on exit 0, stdout must be exactly one JSON object whose values are all strings, or the run fails
// ("Unexpected External Program Results"). Non-zero exits are returned, not thrown: stderr is the user's message.
import { describeOutput, runProcess, type ProcessResult } from "./processes.js";

export interface DriverOptions {
  /** The program's complete environment (nothing is inherited; use minimalEnv() or services.shimEnv()). */
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  cwd?: string;
}

export interface ExternalResult extends ProcessResult {
  /** The parsed result map when the exit code is 0. */
  result: Record<string, string> | undefined;
}

export class UnexpectedExternalProgramResults extends Error {
  constructor(detail: string, run: ProcessResult) {
    super(`Unexpected External Program Results: ${detail}\n${describeOutput(run)}`);
    this.name = "UnexpectedExternalProgramResults";
  }
}

/** Validates stdout as Terraform's external provider does; throws UnexpectedExternalProgramResults. */
export function parseExternalStdout(run: ProcessResult): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(run.stdout);
  } catch (error) {
    throw new UnexpectedExternalProgramResults(`stdout is not one JSON value (${(error as Error).message})`, run);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new UnexpectedExternalProgramResults(`stdout is ${Array.isArray(parsed) ? "an array" : String(parsed)}, not a JSON object`, run);
  }
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== "string") {
      throw new UnexpectedExternalProgramResults(`"${key}" is ${value === null ? "null" : typeof value}, not a string`, run);
    }
    result[key] = value;
  }
  return result;
}

/** argv[0] is the program (looked up on env.PATH), no shell. */
export async function runExternal(argv: readonly string[], query: Record<string, string>, options: DriverOptions): Promise<ExternalResult> {
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== "string") throw new TypeError(`query["${key}"] must be a string, as Terraform sends it`);
  }
  const run = await runRaw(argv, JSON.stringify(query), options);
  return { ...run, result: run.code === 0 ? parseExternalStdout(run) : undefined };
}

/** Any stdin text (for malformed-input tests); no validation of the output. */
export function runRaw(argv: readonly string[], stdinText: string, options: DriverOptions): Promise<ProcessResult> {
  const [program, ...args] = argv;
  if (program === undefined) throw new Error("argv must name a program");
  return runProcess(program, args, { env: options.env, stdin: stdinText, timeoutMs: options.timeoutMs ?? 60_000, cwd: options.cwd });
}
