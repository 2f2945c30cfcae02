import type { RuleFinding } from "../model.js";
import { localExecs } from "../local-exec.js";
import { isSecretName } from "../secrets.js";
import { attr, docsLink, locate, type Rule } from "../rule.js";

const id = "local_exec_xtrace";
const XTRACE = /\bset\s+-[a-wyzA-Z]*x[a-zA-Z]*\b|\bset\s+-o\s+xtrace\b|\b(?:ba|z|k)?sh\s+-[a-zA-Z]*x\b/;

export const rule: Rule = {
  id,
  severity: "warning",
  description: "set -x (xtrace) in a local-exec that handles secrets prints every expanded command, secrets included, to the Terraform log.",
  fix: "Remove set -x / bash -x from commands that see secrets (or wrap the secret-handling part in set +x), and pass secrets through environment.",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of localExecs(context.blocks)) {
      const env = attr(block, "environment");
      const command = attr(block, "command");
      const interpreter = attr(block, "interpreter");
      const envKeys = env && typeof env.value === "object" && env.value !== null ? Object.keys(env.value) : [];
      const handlesSecrets = [command, env, interpreter].some((a) => a && context.secrets.find(a.value).length > 0) || envKeys.some(isSecretName);
      if (!handlesSecrets) continue;
      for (const a of [command, interpreter]) {
        if (!a || !XTRACE.test(a.source)) continue;
        findings.push({ file: block.file, range: locate(a, XTRACE, block.file), message: "local-exec enables xtrace (set -x) while handling secrets: every expanded command, secrets included, goes to the log" });
      }
    }
    return findings;
  },
};
