import type { RuleFinding } from "../model.js";
import { isSecretName } from "../secrets.js";
import { attr, blocksOf, docsLink, locate, type Rule } from "../rule.js";
import { describeFact, provenOrNamed, sinkFindings } from "../sink-findings.js";

const id = "external_query_secret";

export const rule: Rule = {
  id,
  severity: "error",
  description:
    'The query of a data "external" source is stored in state and saved plans and logged with TF_LOG=trace, and its program list is a command line; secrets and credentials must not be passed there.',
  fix: "Pass credentials through the environment Terraform runs in (the program inherits it), e.g. GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET, and keep query to non-secret inputs.",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = sinkFindings(context, {
      kinds: ["external_query"],
      // A secret already in state still becomes a second copy in the plan, the program's input and trace logs.
      severity: (fact) => provenOrNamed(fact, "warning"),
      message: (fact, sink, others) =>
        `${sink.label} carries ${describeFact(fact, others)}: query is stored in state and plan files; pass it through the environment`,
    });
    findings.push(
      ...sinkFindings(context, {
        kinds: ["external_program"],
        // program is the command line: argv and logs are a new place even for a secret already in state.
        severity: (fact) => (fact.kind === "named" ? "warning" : "error"),
        message: (fact, sink, others) =>
          `${sink.label} puts ${describeFact(fact, others)} on the program's command line (argv, process listings) and in state; pass it through the environment`,
      }),
    );
    const flagged = new Set(findings.map((f) => `${f.file.path}:${f.range.start.line}`));
    for (const block of blocksOf(context, "data", "external")) {
      const query = attr(block, "query");
      if (!query || typeof query.value !== "object" || query.value === null || Array.isArray(query.value)) continue;
      for (const key of Object.keys(query.value)) {
        if (!isSecretName(key)) continue;
        const range = locate(query, new RegExp(`(?<=^|[\\s{,"])${key}\\b`), block.file);
        if (flagged.has(`${block.file.path}:${range.start.line}`)) continue;
        findings.push({
          file: block.file,
          range,
          severity: "warning",
          message: `data.external.${block.labels[1]}.query has a credential-like key "${key}": query is stored in state and plan files; pass credentials through the environment`,
        });
      }
    }
    return findings;
  },
};
