import type { RuleFinding } from "../model.js";
import { attr, blocksOf, docsLink, type Rule } from "../rule.js";

const id = "secretsmanager_secret_no_kms";

export const rule: Rule = {
  id,
  severity: "warning",
  description:
    "aws_secretsmanager_secret without kms_key_id is encrypted with the AWS managed key aws/secretsmanager: no key policy of your own, no cross-account use (checkov CKV_AWS_149, trivy AWS-0098).",
  fix: "Set kms_key_id to a customer managed KMS key (aws_kms_key) whose policy limits who can decrypt.",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of blocksOf(context, "resource", "aws_secretsmanager_secret")) {
      const kms = attr(block, "kms_key_id");
      if (kms && kms.value !== null && kms.value !== "") continue;
      findings.push({
        file: block.file,
        range: block.headerRange,
        message: `aws_secretsmanager_secret.${block.labels[1]} has no kms_key_id: it uses the AWS managed key instead of a customer managed key`,
      });
    }
    return findings;
  },
};
