import { literalString } from "../expressions.js";
import { allBlocks, blocksOf, docsLink, locate, type Rule } from "../rule.js";

const id = "genesys_provider_source";
const OFFICIAL = "mypurecloud/genesyscloud";

function normalize(source: string): string {
  return source.toLowerCase().replace(/^registry\.terraform\.io\//, "");
}

export const rule: Rule = {
  id,
  severity: "warning",
  description: `The official Genesys Cloud provider is ${OFFICIAL}. A module whose required_providers declares genesyscloud with another source (mikenicholls/genesyscloud, hashicorp/genesyscloud) or with no source (which means hashicorp/genesyscloud) gets an unofficial, outdated or non-existent provider. Reported once per module.`,
  fix: `Declare it in required_providers: genesyscloud = { source = "${OFFICIAL}", version = ">= 1.0" }.`,
  docs: docsLink(id),
  check(context) {
    // Once per module, and only where the module itself declares a wrong source: a module without
    // required_providers (documentation snippets, child modules of a root that declares it) is not reported.
    for (const rp of allBlocks(blocksOf(context, "terraform")).filter((b) => b.type === "required_providers")) {
      for (const a of rp.attributes) {
        const value = a.value;
        const source =
          typeof value === "object" && value !== null && !Array.isArray(value) ? literalString((value as Record<string, unknown>).source) : undefined;
        const isGenesys = a.name === "genesyscloud" || (source !== undefined && normalize(source).endsWith("/genesyscloud"));
        if (!isGenesys) continue;
        if (source === undefined) {
          return [
            {
              file: rp.file,
              range: a.range,
              message: `provider "${a.name}" has no source: Terraform assumes hashicorp/${a.name}, which does not exist; use ${OFFICIAL}`,
            },
          ];
        }
        if (normalize(source) !== OFFICIAL) {
          return [
            {
              file: rp.file,
              range: locate(a, JSON.stringify(source), rp.file),
              message: `provider source "${source}" is not the official Genesys Cloud provider ${OFFICIAL}`,
            },
          ];
        }
      }
    }
    return [];
  },
};
