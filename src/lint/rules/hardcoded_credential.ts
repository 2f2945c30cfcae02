import type { Attribute, Block, RuleFinding } from "../model.js";
import { interpolations, stringLeaves } from "../expressions.js";
import { isSecretName } from "../secrets.js";
import { allBlocks, attr, docsLink, locate, type Rule } from "../rule.js";

const id = "hardcoded_credential";
const AWS_ACCESS_KEY = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Literal, non-empty string values under secret-like keys (the attribute's own name or nested object keys). */
function secretLiterals(name: string, value: unknown, out: { key: string; value: string }[] = []): { key: string; value: string }[] {
  if (typeof value === "string") {
    if (isSecretName(name) && value.trim() !== "" && interpolations(value).length === 0) out.push({ key: name, value });
  } else if (Array.isArray(value)) for (const v of value) secretLiterals(name, v, out);
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) secretLiterals(k, v, out);
  return out;
}

function literalFindings(block: Block, a: Attribute, name: string, where: string): RuleFinding[] {
  return secretLiterals(name, a.value).map((hit) => ({
    file: block.file,
    range: locate(a, JSON.stringify(hit.value).slice(1, -1) || hit.value, block.file),
    message: `${where} hard-codes a credential (${hit.key}): it is in the code, in version control and in state`,
  }));
}

export const rule: Rule = {
  id,
  severity: "error",
  description: "Credentials written into the code (provider blocks, variable defaults, locals, module arguments): Genesys client secrets or passwords, AWS access keys (AKIA…) and secret keys, private keys.",
  fix: "Remove the literal and rotate the credential. Providers read credentials from the environment (GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET, the AWS default credential chain); variables holding secrets get no default and sensitive = true.",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of context.blocks) {
      if (block.type === "provider" || block.type === "module") {
        for (const b of allBlocks([block])) for (const a of b.attributes) findings.push(...literalFindings(b, a, a.name, `${block.type} "${block.labels[0]}"`));
      } else if (block.type === "variable") {
        const d = attr(block, "default");
        if (d) findings.push(...literalFindings(block, d, block.labels[0] ?? "", `variable "${block.labels[0]}" default`));
      } else if (block.type === "locals") {
        for (const a of block.attributes) findings.push(...literalFindings(block, a, a.name, `local.${a.name}`));
      }
    }
    const flagged = new Set(findings.map((f) => `${f.file.path}:${f.range.start.line}`));
    for (const block of allBlocks(context.blocks)) {
      for (const a of block.attributes) {
        for (const s of stringLeaves(a.value)) {
          const pattern = AWS_ACCESS_KEY.test(s) ? AWS_ACCESS_KEY : PRIVATE_KEY.test(s) ? PRIVATE_KEY : undefined;
          if (!pattern) continue;
          const range = locate(a, pattern, block.file);
          if (flagged.has(`${block.file.path}:${range.start.line}`)) continue;
          flagged.add(`${block.file.path}:${range.start.line}`);
          findings.push({ file: block.file, range, message: pattern === AWS_ACCESS_KEY ? "an AWS access key id (AKIA…/ASIA…) is hard-coded" : "a private key is hard-coded" });
        }
      }
    }
    return findings;
  },
};
