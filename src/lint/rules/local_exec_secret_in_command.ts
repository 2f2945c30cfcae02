import { docsLink, type Rule } from "../rule.js";
import { describeFact, sinkFindings } from "../sink-findings.js";

const id = "local_exec_secret_in_command";

export const rule: Rule = {
  id,
  severity: "error",
  description:
    "A secret interpolated into a local-exec command string becomes part of the command line: visible in process listings, shell history, CI logs and TF_LOG output.",
  fix: 'Pass the value through the provisioner\'s environment = { NAME = ... } map and refer to it as "$NAME" in the command (escape it as $${NAME} inside a heredoc).',
  docs: docsLink(id),
  check(context) {
    return sinkFindings(context, {
      kinds: ["command"],
      // argv and logs are a new place for every proven secret, whether or not state also has it.
      severity: (fact) => (fact.kind === "named" ? "warning" : "error"),
      message: (fact, sink, others) => `${sink.label} interpolates ${describeFact(fact, others)}: it ends up in argv and logs; pass it through environment`,
    });
  },
};
