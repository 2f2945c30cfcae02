import type { RuleFinding } from "../model.js";
import { attr, blocksOf, docsLink, locateReference, type Rule } from "../rule.js";

const id = "trigger_secret";
const WATCHED: Record<string, string[]> = { terraform_data: ["input", "triggers_replace"], null_resource: ["triggers"] };

export const rule: Rule = {
  id,
  severity: "error",
  description: "terraform_data input / triggers_replace and null_resource triggers are stored in state in plain text.",
  fix: "Trigger on a non-secret value that changes with the secret (a version id, a rotation counter, a hash computed outside Terraform) and pass the secret to provisioners through environment.",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const [type, names] of Object.entries(WATCHED)) {
      for (const block of blocksOf(context, "resource", type)) {
        for (const name of names) {
          const a = attr(block, name);
          if (!a) continue;
          for (const hit of context.secrets.find(a.value)) {
            findings.push({ file: block.file, range: locateReference(a, hit.reference, block.file), message: `${type}.${block.labels[1]}.${name} holds ${hit.reason}: it is stored in state in plain text` });
          }
        }
      }
    }
    return findings;
  },
};
