import type { RuleFinding } from "../model.js";
import { localExecs } from "../local-exec.js";
import { isSecretName } from "../secrets.js";
import { attr, docsLink, locate, type Rule } from "../rule.js";

const id = "local_exec_xtrace";
const XTRACE = /\bset\s+-[a-wyzA-Z]*x[a-zA-Z]*\b|\bset\s+-o\s+xtrace\b|\b(?:ba|z|k)?sh\s+-[a-zA-Z]*x\b/;
/** An interpreter argument that turns xtrace on: -x, -ex, -xe, -euxo, ... */
const XTRACE_FLAG = /^-[a-wyzA-Z]*x[a-zA-Z]*$/;

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
      const handlesSecrets = [command, env, interpreter].some((a) => a && context.graph.factsOf(a).length > 0) || envKeys.some(isSecretName);
      if (!handlesSecrets) continue;
      const message = "local-exec enables xtrace (set -x) while handling secrets: every expanded command, secrets included, goes to the log";
      if (command && XTRACE.test(command.source)) findings.push({ file: block.file, range: locate(command, XTRACE, block.file), message });
      const flag = Array.isArray(interpreter?.value) ? interpreter.value.find((v): v is string => typeof v === "string" && XTRACE_FLAG.test(v)) : undefined;
      if (interpreter && flag) findings.push({ file: block.file, range: locate(interpreter, `"${flag}"`, block.file), message });
    }
    return findings;
  },
};
