import { randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes as base64url: 43 characters, like a Genesys client secret. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

export function generateSecret(prefix: string): string {
  return prefix + randomToken();
}

export function secretsEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const SECRET_PREFIX_PATTERN = /^[A-Za-z0-9._~-]{1,64}$/;
