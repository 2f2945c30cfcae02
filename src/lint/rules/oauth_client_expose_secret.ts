import type { RuleFinding } from "../model.js";
import { attr, blocksOf, docsLink, guideLink, type Rule } from "../rule.js";

const id = "oauth_client_expose_secret";

export const rule: Rule = {
  id,
  severity: "error",
  description: "genesyscloud_oauth_client with expose_client_secret = true stores the client secret in Terraform state in plain text.",
  fix: `Remove expose_client_secret (or set it to false) and create the client with this project's module (terraform/modules/oauth-client), which keeps the secret in AWS Secrets Manager only; or use integration_credential_name. Step-by-step migration of an existing client: ${guideLink("MIGRATING.md")}`,
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of blocksOf(context, "resource", "genesyscloud_oauth_client")) {
      const a = attr(block, "expose_client_secret");
      if (!a) continue;
      if (a.value === true || a.value === "true") {
        findings.push({
          file: block.file,
          range: a.range,
          message: `genesyscloud_oauth_client.${block.labels[1]} sets expose_client_secret = true: the provider stores the client secret in state in plain text (sensitive only hides it)`,
        });
        continue;
      }
      // expose_client_secret = var.x (or a local): true when a caller passes true, or by default.
      const exposing = context.graph.possibleValues(a.expr).filter((v) => v.value === true || v.value === "true");
      if (exposing.length > 0) {
        findings.push({
          file: block.file,
          range: a.range,
          message: `genesyscloud_oauth_client.${block.labels[1]} sets expose_client_secret = ${a.source}, and ${exposing.map((v) => v.via).join("; ")}: the provider then stores the client secret in state in plain text (sensitive only hides it)`,
        });
      }
    }
    return findings;
  },
};
