import type { RuleFinding } from "../model.js";
import { literalString } from "../expressions.js";
import { allBlocks, blocksOf, docsLink, locate, type Rule } from "../rule.js";

const id = "genesys_provider_source";
const OFFICIAL = "mypurecloud/genesyscloud";

function normalize(source: string): string {
  return source.toLowerCase().replace(/^registry\.terraform\.io\//, "");
}

export const rule: Rule = {
  id,
  severity: "error",
  description: `The official Genesys Cloud provider is ${OFFICIAL}. Other sources (mikenicholls/genesyscloud, hashicorp/genesyscloud, or none, which means hashicorp/…) are unofficial, outdated or do not exist.`,
  fix: `Declare it in required_providers: genesyscloud = { source = "${OFFICIAL}", version = ">= 1.0" }.`,
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    let declared = false;
    for (const rp of allBlocks(blocksOf(context, "terraform")).filter((b) => b.type === "required_providers")) {
      for (const a of rp.attributes) {
        const value = a.value;
        const source = typeof value === "object" && value !== null && !Array.isArray(value) ? literalString((value as Record<string, unknown>).source) : undefined;
        const isGenesys = a.name === "genesyscloud" || (source !== undefined && normalize(source).endsWith("/genesyscloud"));
        if (!isGenesys) continue;
        declared = true;
        if (source === undefined) {
          findings.push({ file: rp.file, range: a.range, message: `provider "${a.name}" has no source: Terraform assumes hashicorp/${a.name}, which does not exist; use ${OFFICIAL}` });
        } else if (normalize(source) !== OFFICIAL) {
          findings.push({ file: rp.file, range: locate(a, source, rp.file), message: `provider source "${source}" is not the official Genesys Cloud provider ${OFFICIAL}` });
        }
      }
    }
    if (!declared) {
      const user = context.blocks.find((b) => (b.type === "resource" || b.type === "data") && b.labels[0]?.startsWith("genesyscloud_")) ?? blocksOf(context, "provider", "genesyscloud")[0];
      if (user) findings.push({ file: user.file, range: user.headerRange, message: `this module uses the Genesys Cloud provider without declaring it in required_providers: Terraform assumes hashicorp/genesyscloud; declare source = "${OFFICIAL}"` });
    }
    return findings;
  },
};
