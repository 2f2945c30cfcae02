import type { RuleFinding } from "../model.js";
import { references } from "../expressions.js";
import { attr, blocksOf, docsLink, type Rule } from "../rule.js";

const id = "secretsmanager_secret_no_rotation";

export const rule: Rule = {
  id,
  severity: "notice",
  description: "aws_secretsmanager_secret with no aws_secretsmanager_secret_rotation referencing it is never rotated (checkov CKV2_AWS_57).",
  fix: "Add an aws_secretsmanager_secret_rotation with secret_id = aws_secretsmanager_secret.<name>.id, or rotate through this project's module (rotation_trigger).",
  docs: docsLink(id),
  check(context) {
    const rotated = new Set<string>();
    for (const r of blocksOf(context, "resource", "aws_secretsmanager_secret_rotation")) {
      for (const ref of references(attr(r, "secret_id")?.value)) {
        const [type, name] = ref.split(".");
        if (type === "aws_secretsmanager_secret" && name) rotated.add(name);
      }
    }
    const findings: RuleFinding[] = [];
    for (const block of blocksOf(context, "resource", "aws_secretsmanager_secret")) {
      const name = block.labels[1] ?? "";
      if (!rotated.has(name))
        findings.push({
          file: block.file,
          range: block.headerRange,
          message: `aws_secretsmanager_secret.${name} has no rotation (no aws_secretsmanager_secret_rotation references it)`,
        });
    }
    return findings;
  },
};
