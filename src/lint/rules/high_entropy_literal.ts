import type { RuleFinding } from "../model.js";
import { interpolations, stringLeaves } from "../expressions.js";
import { allBlocks, docsLink, locate, type Rule } from "../rule.js";

const id = "high_entropy_literal";
const SKIP_ATTRIBUTES = new Set(["source", "version", "description", "type", "filename", "source_code_hash", "etag", "ami"]);

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** A token that looks randomly generated: long, key-like alphabet, mixed classes, high entropy, not an id/URL/ARN. */
export function looksLikeSecret(s: string): boolean {
  if (s.length < 20 || s.length > 512 || !/^[A-Za-z0-9+/=_\-.~]+$/.test(s)) return false;
  if (/^arn:|:\/\/|^[0-9a-f-]{36}$/i.test(s) || /^[0-9a-f]+$/i.test(s)) return false;
  if (/^[a-z0-9]+(?:[._/-][a-z0-9]+)+$/.test(s)) return false; // hostnames, paths, kebab/snake names
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(s)).length;
  return classes === 3 && entropy(s) >= 4.0;
}

export const rule: Rule = {
  id,
  severity: "warning",
  description: "A string literal that looks randomly generated (high entropy) is probably a hard-coded secret or key.",
  fix: "Move the value to Secrets Manager or the environment and rotate it. If it is not a secret, suppress the finding with a reason: # genesys-oauth-shim-ignore: high_entropy_literal  # <why>.",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of allBlocks(context.blocks)) {
      for (const a of block.attributes) {
        if (SKIP_ATTRIBUTES.has(a.name)) continue;
        for (const s of stringLeaves(a.value)) {
          if (interpolations(s).length > 0) continue;
          const token = s.split(/[\s"'=:,;]+/).find(looksLikeSecret);
          if (!token) continue;
          findings.push({ file: block.file, range: locate(a, token, block.file), message: `high-entropy string literal in ${a.name} (${token.slice(0, 4)}…): looks like a hard-coded secret` });
        }
      }
    }
    return findings;
  },
};
