import type { RuleFinding } from "../model.js";
import { localExecs } from "../local-exec.js";
import { attr, docsLink, locateReference, type Rule } from "../rule.js";

const id = "local_exec_secret_in_command";

export const rule: Rule = {
  id,
  severity: "error",
  description: "A secret interpolated into a local-exec command string becomes part of the command line: visible in process listings, shell history, CI logs and TF_LOG output.",
  fix: "Pass the value through the provisioner's environment = { NAME = ... } map and refer to it as \"$NAME\" in the command (escape it as $${NAME} inside a heredoc).",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of localExecs(context.blocks)) {
      for (const name of ["command", "interpreter"]) {
        const a = attr(block, name);
        if (!a) continue;
        for (const hit of context.secrets.find(a.value)) {
          findings.push({ file: block.file, range: locateReference(a, hit.reference, block.file), message: `local-exec ${name} interpolates ${hit.reason}: it ends up in argv and logs; pass it through environment` });
        }
      }
    }
    return findings;
  },
};
