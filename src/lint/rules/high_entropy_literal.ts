import type { RuleFinding } from "../model.js";
import { interpolations, stringLeaves } from "../expressions.js";
import { allBlocks, docsLink, locate, type Rule } from "../rule.js";

const id = "high_entropy_literal";
const SKIP_ATTRIBUTES =
  /^(?:source|version|description|type|filename|source_code_hash|etag|ami|policy|assume_role_policy|sid|arn|.*_arn|.*public_key.*|.*_url|url|.*_hash|.*sha\d*|checksum)$/;

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** A piece of a name: a word, CamelCase words, a short token (k8s, v2) or words with a version number. */
function isWordish(piece: string): boolean {
  return piece.length <= 4 || /^(?:[A-Z]?[a-z]+|[A-Z]{2,}(?![a-z]))+\d{0,4}$/.test(piece);
}

/**
 * A token that looks randomly generated: long, key alphabet, letters and digits interleaved, high entropy. Not
 * hex (hashes, ids), UUIDs, paths, policy keys (aws:RequestTag/…), CamelCase names, SSH public key blobs.
 */
export function looksLikeSecret(s: string): boolean {
  if (s.length < 20 || s.length > 512 || !/^[A-Za-z0-9+/=_\-.~]+$/.test(s)) return false;
  if (/^[0-9a-f-]+$/i.test(s) || /^AAAA[A-Za-z0-9+/]{60,}={0,2}$/.test(s)) return false;
  const pieces = s.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (pieces.every(isWordish)) return false;
  const letters = (s.match(/[A-Za-z]/g) ?? []).length;
  const digits = (s.match(/\d/g) ?? []).length;
  const switches = (s.match(/[A-Za-z](?=\d)|\d(?=[A-Za-z])/g) ?? []).length;
  if (letters < 4 || digits < 3 || switches < 4) return false;
  const mixedCase = /[a-z]/.test(s) && /[A-Z]/.test(s);
  return entropy(s) >= (mixedCase ? 4.0 : 3.6);
}

/** Whole strings that are never secrets: ARNs, URLs, SSH / PEM public keys. */
function notSecret(s: string): boolean {
  return /\barn:|:\/\/|^(?:ssh|ecdsa|sk)-[a-z0-9-]+ |-----BEGIN [A-Z ]*PUBLIC KEY-----|^keybase:/.test(s);
}

export const rule: Rule = {
  id,
  severity: "notice",
  description:
    "A string literal that looks randomly generated (high entropy, letters and digits interleaved) may be a hard-coded secret or key. Advice only: ARNs, policy keys, URLs, public keys, CamelCase names and hashes are ignored.",
  fix: "If it is a secret, move it to Secrets Manager or the environment and rotate it. If not, suppress the finding with a reason: # genesys-oauth-shim-ignore: high_entropy_literal  # <why>.",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of allBlocks(context.blocks)) {
      for (const a of block.attributes) {
        if (SKIP_ATTRIBUTES.test(a.name)) continue;
        for (const s of stringLeaves(a.value)) {
          if (interpolations(s).length > 0 || notSecret(s)) continue;
          const token = s.split(/[\s"'=:,;@]+/).find(looksLikeSecret);
          if (!token) continue;
          findings.push({
            file: block.file,
            range: locate(a, token, block.file),
            message: `high-entropy string literal in ${a.name} (${token.slice(0, 4)}…): check that it is not a hard-coded secret`,
          });
        }
      }
    }
    return findings;
  },
};
