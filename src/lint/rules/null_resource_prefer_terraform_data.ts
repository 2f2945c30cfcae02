import type { RuleFinding } from "../model.js";
import { blocksOf, docsLink, type Rule } from "../rule.js";

const id = "null_resource_prefer_terraform_data";

export const rule: Rule = {
  id,
  severity: "notice",
  description: "null_resource needs the hashicorp/null provider; the built-in terraform_data (Terraform ≥ 1.4) does the same without a provider download.",
  fix: "Replace null_resource with terraform_data: triggers becomes triggers_replace; provisioners stay as they are (a moved block migrates state on Terraform ≥ 1.9).",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of blocksOf(context, "resource", "null_resource")) {
      findings.push({ file: block.file, range: block.headerRange, message: `null_resource.${block.labels[1]}: use the built-in terraform_data instead` });
    }
    return findings;
  },
};
