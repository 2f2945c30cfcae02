import { docsLink, type Rule } from "../rule.js";
import { describeFact, provenOrNamed, sinkFindings } from "../sink-findings.js";

const id = "trigger_secret";

export const rule: Rule = {
  id,
  severity: "error",
  description: "terraform_data input / triggers_replace and null_resource triggers are stored in state in plain text.",
  fix: "Trigger on a non-secret value that changes with the secret (a version id, a rotation counter, a hash computed outside Terraform) and pass the secret to provisioners through environment.",
  docs: docsLink(id),
  check(context) {
    return sinkFindings(context, {
      kinds: ["trigger"],
      severity: (fact) => provenOrNamed(fact, "notice"),
      message(fact, sink, others) {
        const already = fact.kind === "stored" ? " (already in state through its resource; this is a second copy)" : "";
        return `${sink.label} holds ${describeFact(fact, others)}: it is stored in state in plain text${already}`;
      },
    });
  },
};
