import type { RuleFinding } from "../model.js";
import { literalString } from "../expressions.js";
import { attr, blocksOf, docsLink, locateReference, type Rule } from "../rule.js";

const id = "secret_version_in_state";

export const rule: Rule = {
  id,
  severity: "error",
  description: "aws_secretsmanager_secret_version.secret_string / secret_binary is stored in Terraform state; feeding it a secret puts the secret in state.",
  fix: "On Terraform ≥ 1.11 with AWS provider ≥ 5.88 use secret_string_wo with secret_string_wo_version (only possible when the value is ephemeral); for Genesys client secrets use this project's module (terraform/modules/oauth-client), which writes the secret to Secrets Manager outside Terraform.",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of blocksOf(context, "resource", "aws_secretsmanager_secret_version")) {
      for (const name of ["secret_string", "secret_binary"]) {
        const a = attr(block, name);
        if (!a) continue;
        const hit = context.secrets.find(a.value)[0];
        const where = `aws_secretsmanager_secret_version.${block.labels[1]}.${name}`;
        if (hit) {
          findings.push({ file: block.file, range: locateReference(a, hit.reference, block.file), message: `${where} is fed by ${hit.reason}: the value is stored in Terraform state; use secret_string_wo + secret_string_wo_version or terraform/modules/oauth-client` });
        } else if (literalString(a.value)) {
          findings.push({ file: block.file, range: a.valueRange, message: `${where} is a literal secret: it is in the code and in Terraform state` });
        }
      }
    }
    return findings;
  },
};
