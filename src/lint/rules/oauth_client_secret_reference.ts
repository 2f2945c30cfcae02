import type { RuleFinding } from "../model.js";
import { references } from "../expressions.js";
import { allBlocks, docsLink, locateReference, type Rule } from "../rule.js";

const id = "oauth_client_secret_reference";

export const rule: Rule = {
  id,
  severity: "error",
  description: "A reference to genesyscloud_oauth_client.<name>.client_secret copies the client secret into state, plan files and every place the value flows to.",
  fix: "Do not read client_secret from Terraform. Let this project's module (terraform/modules/oauth-client) create the client and store its secret in AWS Secrets Manager; consumers read the secret from there at run time.",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of allBlocks(context.blocks)) {
      for (const a of block.attributes) {
        const seen = new Set<string>();
        for (const ref of references(a.value)) {
          const parts = ref.split(".");
          if (parts[0] !== "genesyscloud_oauth_client" || parts[2] !== "client_secret" || seen.has(ref)) continue;
          seen.add(ref);
          findings.push({ file: block.file, range: locateReference(a, ref, block.file), message: `${ref} is read here: the OAuth client secret ends up in Terraform state` });
        }
      }
    }
    return findings;
  },
};
