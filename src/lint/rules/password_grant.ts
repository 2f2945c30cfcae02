import type { RuleFinding } from "../model.js";
import { allBlocks, docsLink, type Rule } from "../rule.js";

const id = "password_grant";
const PASSWORD_GRANT = /grant_type\\?["']?\s*(?:=|:)\s*\\?["']?password\b/gi;

export const rule: Rule = {
  id,
  severity: "warning",
  description:
    "grant_type=password sends a user's password to the token endpoint; Genesys Cloud offers no password grant for machine use, and the password lands in commands, logs and state.",
  fix: "Use an OAuth client with the client-credentials grant (grant_type=client_credentials, HTTP Basic client id and secret from the environment).",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of allBlocks(context.blocks)) {
      for (const a of block.attributes) {
        for (const m of a.source.matchAll(PASSWORD_GRANT)) {
          const start = a.valueOffset + m.index;
          findings.push({
            file: block.file,
            range: { start: block.file.positionAt(start), end: block.file.positionAt(start + m[0].length) },
            message: "grant_type=password: use the client-credentials grant instead of a user's password",
          });
        }
      }
    }
    return findings;
  },
};
