import { docsLink, type Rule } from "../rule.js";
import { PLAIN_PUBLISHING_ARGUMENTS, WRITE_ONLY_ALTERNATIVE } from "../secrets.js";
import { describeFact, sinkFindings } from "../sink-findings.js";

const id = "secret_argument_in_state";

export const rule: Rule = {
  id,
  severity: "error",
  description:
    "A secret that is otherwise kept out of state (a sensitive or ephemeral variable, an ephemeral value) is assigned to a resource or data source argument, which Terraform stores in state and plan files in plain text. Secret-like names without proof are warnings.",
  fix: "Use the argument's write-only variant (password_wo, secret_string_wo, value_wo; Terraform ≥ 1.11) where the provider has one, or let the service read the secret at run time (Secrets Manager, SSM) instead of passing its value.",
  docs: docsLink(id),
  check(context) {
    return sinkFindings(context, {
      kinds: ["argument"],
      severity: (fact, sink) => {
        if (fact.kind === "unstored") return "error";
        if (fact.kind === "named") return "warning";
        // A secret already in state, copied where it is published in plain text: a second copy.
        return sink.owner === sink.block && PLAIN_PUBLISHING_ARGUMENTS[sink.block.labels[0] ?? ""]?.includes(sink.attribute.name) ? "notice" : undefined;
      },
      message(fact, sink, others) {
        const type = sink.block.labels[0] ?? "";
        const alternative = sink.owner === sink.block ? WRITE_ONLY_ALTERNATIVE[type]?.[sink.attribute.name] : undefined;
        const hint = alternative ? `; use ${alternative}` : "; pass a reference (ARN, parameter name) and read the value at run time";
        const lead = fact.kind === "named" ? "likely a secret: " : "";
        if (fact.kind === "stored")
          return `${sink.label} copies ${describeFact(fact, others)}, already in state, where everyone who may read the ${type} reads it in plain text: a second copy; mount it from a secret instead`;
        return `${lead}${sink.label} is set from ${describeFact(fact, others)}: Terraform stores the argument in state and plan files${hint}`;
      },
    });
  },
};
