import type { Attribute, Block, RuleFinding, Severity } from "../model.js";
import { interpolations, stringLeaves } from "../expressions.js";
import { connectionStringPasswords, isPlaceholder } from "../credentials.js";
import { isSecretName, isWriteOnlyArgument } from "../secrets.js";
import { allBlocks, attr, docsLink, locate, type Rule } from "../rule.js";

const id = "hardcoded_credential";
const AWS_ACCESS_KEY = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const META = new Set(["count", "for_each", "depends_on", "provider", "source", "version", "description"]);
/**
 * Literal credentials in a value: strings under secret-like keys (the attribute's own name or nested object keys)
 * that are not placeholders (JSONPath, template placeholders, masks: credentials.ts), and passwords written into
 * connection strings under any key.
 */
function secretLiterals(
  name: string,
  value: unknown,
  out: { key: string; value: string; needle?: string }[] = [],
): { key: string; value: string; needle?: string }[] {
  if (typeof value === "string") {
    if (isSecretName(name) && interpolations(value).length === 0 && !isPlaceholder(value)) out.push({ key: name, value });
    else
      for (const hit of connectionStringPasswords(value))
        out.push({ key: `${hit.needle.split("=")[0]!.trim()}= in a connection string`, value: hit.value, needle: hit.needle });
  } else if (Array.isArray(value)) for (const v of value) secretLiterals(name, v, out);
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) secretLiterals(k, v, out);
  return out;
}

/** The literal's own range, from its first character (the opening quote, or `<<` of a heredoc). */
function literalRange(block: Block, a: Attribute, value: string) {
  if (typeof a.value === "string") return a.valueRange;
  const escaped = JSON.stringify(value);
  const quoted = locate(a, escaped, block.file);
  if (quoted !== a.range) return quoted;
  const bare = locate(a, escaped.slice(1, -1) || value, block.file);
  return bare !== a.range ? bare : a.valueRange;
}

export const rule: Rule = {
  id,
  severity: "error",
  description:
    "Credentials written into the code: Genesys client secrets, user passwords (genesyscloud_user.password), integration credential fields, webhook secret tokens, AWS access keys (AKIA…), private keys. In a resource or data source argument the literal is also stored in state (error); elsewhere (provider, module arguments, variable defaults, locals, write-only arguments) it is in version control (warning).",
  fix: "Remove the literal and rotate the credential. Providers read credentials from the environment (GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET, the AWS default credential chain); variables holding secrets get no default and sensitive = true (and ephemeral = true on Terraform ≥ 1.10 when the argument is write-only).",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    const flagged = new Set<string>();
    const report = (block: Block, a: Attribute, name: string, where: string, severity: Severity) => {
      for (const hit of secretLiterals(name, a.value)) {
        const range = hit.needle ? locate(a, hit.needle, block.file) : literalRange(block, a, hit.value);
        flagged.add(`${block.file.path}:${range.start.line}`);
        const persisted =
          severity === "error"
            ? "it is in the code, in version control and in state"
            : isWriteOnlyArgument(hit.key)
              ? "it is write-only (not in state) but it is in the code and in version control"
              : "it is in the code and in version control";
        findings.push({ file: block.file, range, severity, message: `${where} hard-codes a credential (${hit.key}): ${persisted}` });
      }
    };
    for (const block of context.blocks) {
      if (block.type === "provider" || block.type === "module") {
        for (const b of allBlocks([block]))
          for (const a of b.attributes) if (!META.has(a.name)) report(b, a, a.name, `${block.type} "${block.labels[0]}"`, "warning");
      } else if (block.type === "variable") {
        const d = attr(block, "default");
        if (d) report(block, d, block.labels[0] ?? "", `variable "${block.labels[0]}" default`, "warning");
      } else if (block.type === "locals") {
        for (const a of block.attributes) report(block, a, a.name, `local.${a.name}`, "warning");
      } else if (block.type === "resource" || block.type === "data") {
        const address = [block.type === "data" ? "data" : undefined, ...block.labels].filter(Boolean).join(".");
        for (const b of allBlocks([block])) {
          if (b.type === "provisioner" || b.type === "connection" || b.type === "lifecycle") continue;
          for (const a of b.attributes)
            if (!(b === block && META.has(a.name))) report(b, a, a.name, address, isWriteOnlyArgument(a.name) ? "warning" : "error");
        }
      }
    }
    for (const block of allBlocks(context.blocks)) {
      for (const a of block.attributes) {
        for (const s of stringLeaves(a.value)) {
          const pattern = AWS_ACCESS_KEY.test(s) ? AWS_ACCESS_KEY : PRIVATE_KEY.test(s) ? PRIVATE_KEY : undefined;
          if (!pattern) continue;
          const range = locate(a, pattern, block.file);
          if (flagged.has(`${block.file.path}:${range.start.line}`)) continue;
          flagged.add(`${block.file.path}:${range.start.line}`);
          const top = context.blocks.find((b) => b.file === block.file && b.range.start.line <= range.start.line && b.range.end.line >= range.start.line);
          const inState = (top?.type === "resource" || top?.type === "data") && !isWriteOnlyArgument(a.name);
          findings.push({
            file: block.file,
            range,
            severity: inState ? "error" : "warning",
            message: `${pattern === AWS_ACCESS_KEY ? "an AWS access key id (AKIA…/ASIA…)" : "a private key"} is hard-coded${inState ? ": it is in version control and in state" : ": it is in version control"}`,
          });
        }
      }
    }
    return findings;
  },
};
