import type { RuleFinding } from "../model.js";
import { allBlocks, docsLink, type Rule } from "../rule.js";

const id = "genesys_token_url";
const WRONG = /\/api\/v2\/oauth\/token\b/g;

export const rule: Rule = {
  id,
  severity: "warning",
  description:
    "Genesys Cloud has no /api/v2/oauth/token endpoint. Tokens come from the login host: POST https://login.<domain>/oauth/token with grant_type=client_credentials.",
  fix: "Use https://login.<domain>/oauth/token (e.g. login.mypurecloud.com), or better let the provider / this project's shim obtain tokens from GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET.",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of allBlocks(context.blocks)) {
      for (const a of block.attributes) {
        for (const m of a.source.matchAll(WRONG)) {
          const start = a.valueOffset + m.index;
          findings.push({
            file: block.file,
            range: { start: block.file.positionAt(start), end: block.file.positionAt(start + m[0].length) },
            message: "/api/v2/oauth/token does not exist: the token endpoint is https://login.<domain>/oauth/token",
          });
        }
      }
    }
    return findings;
  },
};
