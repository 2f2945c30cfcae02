import { createHash } from "node:crypto";

// Tags on the secret are the durable record of what this tool did: which client the secret belongs to, the claim
// that marks clients created for it, and which rotation_trigger was last applied.
export const TAG_PREFIX = "genesys-oauth-shim:";
export const TAG_MANAGED = `${TAG_PREFIX}managed`;
export const TAG_CLAIM = `${TAG_PREFIX}claim`;
export const TAG_CLIENT_ID = `${TAG_PREFIX}client-id`;
export const TAG_STANDBY_CLIENT_ID = `${TAG_PREFIX}standby-client-id`;
export const TAG_ROTATION = `${TAG_PREFIX}rotation-trigger-sha256`;
export const TAG_LEASE = `${TAG_PREFIX}lease`;
/** What the last apply-time ensure was run for (the module's status/ensure handshake: docs/ARCHITECTURE.md). */
export const TAG_GENERATION = `${TAG_PREFIX}generation`;

/** Tag values allow a narrow character set, and a trigger may be any string: store its digest. */
export function rotationDigest(trigger: string): string {
  return createHash("sha256").update(trigger, "utf8").digest("hex").slice(0, 32);
}

export function isManagedSecret(tags: Record<string, string>): boolean {
  return tags[TAG_MANAGED] === "true" && typeof tags[TAG_CLAIM] === "string";
}

export function userTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([key]) => !key.startsWith(TAG_PREFIX) && !key.startsWith("aws:")));
}
