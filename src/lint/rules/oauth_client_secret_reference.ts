import { docsLink, type Rule } from "../rule.js";
import { describeFact, sinkFindings } from "../sink-findings.js";

const id = "oauth_client_secret_reference";

export const rule: Rule = {
  id,
  severity: "error",
  description:
    "The Genesys OAuth client secret (genesyscloud_oauth_client.<name>.client_secret, directly or through a local, a for-expression, the whole resource object, an index or each.value) reaches a resource or data source argument, which Terraform stores in state and plan files.",
  fix: "Do not read client_secret from Terraform. Let this project's module (terraform/modules/oauth-client) create the client and store its secret in AWS Secrets Manager; consumers read the secret from there at run time.",
  docs: docsLink(id),
  check(context) {
    return sinkFindings(context, {
      kinds: ["argument"],
      severity: (fact) => (fact.kind === "genesys" ? "error" : undefined),
      message: (fact, sink, others) =>
        `${sink.label} receives ${describeFact(fact, others)}: the OAuth client secret ends up in Terraform state and plan files`,
    });
  },
};
