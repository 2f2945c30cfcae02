import type { RuleFinding } from "../model.js";
import { literalString } from "../expressions.js";
import { attr, blocksOf, docsLink, type Rule } from "../rule.js";
import { describeFact, provenOrNamed, sinkFindings } from "../sink-findings.js";

const id = "secret_version_in_state";

export const rule: Rule = {
  id,
  severity: "error",
  description:
    "What a secret store resource holds is stored in Terraform state: aws_secretsmanager_secret_version.secret_string / secret_binary, kubernetes_secret(_v1).data / binary_data. Feeding it a secret puts the secret in state; a secret already in state copied there is a second copy (notice).",
  fix: 'On Terraform ≥ 1.11 with AWS provider ≥ 5.88 use secret_string_wo with secret_string_wo_version, fed by an ephemeral value (an ephemeral variable, ephemeral "random_password"); for Genesys client secrets use this project\'s module (terraform/modules/oauth-client), which writes the secret to Secrets Manager outside Terraform.',
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = sinkFindings(context, {
      kinds: ["secret_version"],
      severity: (fact) => provenOrNamed(fact, "notice"),
      message(fact, sink, others) {
        const what = describeFact(fact, others);
        const aws = sink.block.labels[0] === "aws_secretsmanager_secret_version";
        if (fact.kind === "stored")
          return aws
            ? `${sink.label} copies ${what}, already in state; with an ephemeral source (ephemeral "random_password", an ephemeral variable) secret_string_wo keeps it out of state entirely`
            : `${sink.label} copies ${what}, already in state: a second copy in state`;
        if (!aws)
          return `${sink.label} is fed by ${what}: the value is stored in Terraform state; create the secret outside Terraform (External Secrets from Secrets Manager, or this project's module for Genesys client secrets)`;
        return `${sink.label} is fed by ${what}: the value is stored in Terraform state; use secret_string_wo + secret_string_wo_version fed by an ephemeral value, or terraform/modules/oauth-client`;
      },
    });
    for (const block of blocksOf(context, "resource", "aws_secretsmanager_secret_version")) {
      for (const name of ["secret_string", "secret_binary"]) {
        const a = attr(block, name);
        const literal = a ? literalString(a.value) : undefined;
        if (!a || literal === undefined || literal === "") continue;
        findings.push({
          file: block.file,
          range: a.valueRange,
          message: `aws_secretsmanager_secret_version.${block.labels[1]}.${name} is a literal secret: it is in the code and in Terraform state`,
        });
      }
    }
    return findings;
  },
};
