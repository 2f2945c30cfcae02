import type { RuleFinding } from "../model.js";
import { isSecretName } from "../secrets.js";
import { attr, blocksOf, docsLink, type Rule } from "../rule.js";

const id = "secret_variable_not_sensitive";

export const rule: Rule = {
  id,
  severity: "warning",
  description: "A variable named like a secret (password, token, client_secret, …) without sensitive = true is shown in plan output and logs.",
  fix: "Add sensitive = true, and on Terraform ≥ 1.10 also ephemeral = true when the value is only needed during the run (it is then never stored).",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of blocksOf(context, "variable")) {
      const name = block.labels[0] ?? "";
      if (!isSecretName(name) || attr(block, "sensitive")?.value === true) continue;
      const hint = attr(block, "ephemeral")?.value === true ? "" : " (on Terraform ≥ 1.10 also consider ephemeral = true)";
      findings.push({ file: block.file, range: block.headerRange, message: `variable "${name}" is named like a secret but is not sensitive = true${hint}` });
    }
    return findings;
  },
};
