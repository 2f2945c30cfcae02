import { docsLink, type Rule } from "../rule.js";
import { describeFact, provenOrNamed, sinkFindings } from "../sink-findings.js";

const id = "output_secret";

export const rule: Rule = {
  id,
  severity: "error",
  description:
    "An output holding a secret is stored in state and handed to every caller and terraform_remote_state reader; sensitive = true only hides it from CLI output.",
  fix: "Output a reference to the secret instead (e.g. the Secrets Manager secret ARN or name) and let consumers read the value at run time.",
  docs: docsLink(id),
  check(context) {
    return sinkFindings(context, {
      kinds: ["output"],
      severity(fact, sink) {
        const sensitive = sink.block.attributes.find((a) => a.name === "sensitive")?.value === true;
        if (fact.kind === "named" && sensitive) return undefined;
        // Only root module outputs are stored in state; a module another linted module calls hands the secret on,
        // and the caller's own sinks are checked where it lands.
        if (context.graph.calledByLintedModule && (fact.kind === "genesys" || fact.kind === "unstored")) return "warning";
        return provenOrNamed(fact, "notice");
      },
      message(fact, sink, others) {
        const what = describeFact(fact, others);
        if (context.graph.calledByLintedModule && (fact.kind === "genesys" || fact.kind === "unstored"))
          return `${sink.label} hands ${what} to the module's callers: a called module's outputs are not stored in state, but every caller can put it there`;
        if (fact.kind === "stored")
          return `${sink.label} re-exports ${what}: its resource already keeps it in state, but the output hands it to every caller; prefer a reference (ARN, name) or an encrypted form`;
        if (fact.kind === "named")
          return `${sink.label} exposes ${what} without sensitive = true: if it is a secret it is printed by plan/apply and stored in state`;
        return `${sink.label} exposes ${what}: the output is stored in state in plain text (sensitive = true only hides it from CLI output)`;
      },
    });
  },
};
