import type { RuleFinding } from "../model.js";
import { attr, blocksOf, docsLink, locateReference, type Rule } from "../rule.js";

const id = "output_secret";

export const rule: Rule = {
  id,
  severity: "error",
  description: "An output holding a secret is stored in state and handed to every caller; sensitive = true only hides it from CLI output.",
  fix: "Output a reference to the secret instead (e.g. the Secrets Manager secret ARN or name) and let consumers read the value at run time.",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of blocksOf(context, "output")) {
      const value = attr(block, "value");
      if (!value) continue;
      const sensitive = attr(block, "sensitive")?.value === true;
      for (const hit of context.secrets.find(value.value)) {
        const note = sensitive ? " (sensitive = true only hides it from CLI output; it is still stored in state)" : "";
        findings.push({ file: block.file, range: locateReference(value, hit.reference, block.file), message: `output "${block.labels[0]}" exposes ${hit.reason}${note}` });
      }
    }
    return findings;
  },
};
