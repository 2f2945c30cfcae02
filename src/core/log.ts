import { appendFileSync } from "node:fs";
import { redact } from "./redact.js";
import { describeError } from "./errors.js";

// stderr is the only channel for humans: stdout belongs to the protocol. Everything goes through redact().
// Terraform shows a successful program's stderr only under TF_LOG, so GENESYS_OAUTH_SHIM_LOG_FILE also appends
// every line (already redacted) to a file the user names, created owner-only.

let debugEnabled = /^(debug|trace)$/i.test(process.env.GENESYS_OAUTH_SHIM_LOG ?? "");
let logFile = process.env.GENESYS_OAUTH_SHIM_LOG_FILE || undefined;

function write(line: string): void {
  const text = redact(line) + "\n";
  process.stderr.write(text);
  if (!logFile) return;
  try {
    appendFileSync(logFile, `${new Date().toISOString()} [${process.pid}] ${text}`, { mode: 0o600 });
  } catch (error) {
    const file = logFile;
    logFile = undefined; // say it once, then carry on: a log that cannot be written must not fail the run
    process.stderr.write(
      redact(`genesys-oauth-shim: cannot write GENESYS_OAUTH_SHIM_LOG_FILE=${file} (${(error as Error).message}); logging to stderr only`) + "\n",
    );
  }
}

export function setDebug(enabled: boolean): void {
  debugEnabled = enabled;
}

export function isDebug(): boolean {
  return debugEnabled;
}

export function debug(message: string): void {
  if (debugEnabled) write(`[genesys-oauth-shim] debug: ${message}`);
}

export function info(message: string): void {
  write(`genesys-oauth-shim: ${message}`);
}

export function reportError(error: unknown): void {
  write(`genesys-oauth-shim: ${describeError(error)}`);
}
