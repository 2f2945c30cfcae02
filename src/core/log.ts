import { redact } from "./redact.js";
import { describeError } from "./errors.js";

// stderr is the only channel for humans: stdout belongs to the protocol. Everything goes through redact().

let debugEnabled = /^(debug|trace)$/i.test(process.env.GENESYS_OAUTH_SHIM_LOG ?? "");

export function setDebug(enabled: boolean): void {
  debugEnabled = enabled;
}

export function isDebug(): boolean {
  return debugEnabled;
}

export function debug(message: string): void {
  if (debugEnabled) process.stderr.write(redact(`[genesys-oauth-shim] debug: ${message}`) + "\n");
}

export function info(message: string): void {
  process.stderr.write(redact(`genesys-oauth-shim: ${message}`) + "\n");
}

export function reportError(error: unknown): void {
  process.stderr.write(redact(`genesys-oauth-shim: ${describeError(error)}`) + "\n");
}
