import type { RuleFinding } from "../model.js";
import { isSecretName } from "../secrets.js";
import { attr, blocksOf, docsLink, locate, locateReference, type Rule } from "../rule.js";

const id = "external_query_secret";

export const rule: Rule = {
  id,
  severity: "error",
  description: "The query of a data \"external\" source is stored in state and saved plans and logged with TF_LOG=trace; secrets and credentials must not be passed there.",
  fix: "Pass credentials through the environment Terraform runs in (the program inherits it), e.g. GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET, and keep query to non-secret inputs.",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of blocksOf(context, "data", "external")) {
      const query = attr(block, "query");
      if (!query) continue;
      const name = `data.external.${block.labels[1]}`;
      const lines = new Set<number>();
      for (const hit of context.secrets.find(query.value)) {
        const range = locateReference(query, hit.reference, block.file);
        lines.add(range.start.line);
        findings.push({ file: block.file, range, message: `${name}.query carries ${hit.reason}: query is stored in state and plan files; pass it through the environment` });
      }
      if (typeof query.value === "object" && query.value !== null && !Array.isArray(query.value)) {
        for (const key of Object.keys(query.value)) {
          if (!isSecretName(key)) continue;
          const range = locate(query, new RegExp(`(?<=^|[\\s{,"])${key}\\b`), block.file);
          if (lines.has(range.start.line)) continue;
          findings.push({ file: block.file, range, message: `${name}.query has a credential-like key "${key}": query is stored in state and plan files; pass credentials through the environment` });
        }
      }
    }
    return findings;
  },
};
