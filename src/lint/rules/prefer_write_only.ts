import { docsLink, type Rule } from "../rule.js";
import { WRITE_ONLY_ALTERNATIVE } from "../secrets.js";
import { describeFact, sinkFindings } from "../sink-findings.js";

const id = "prefer_write_only";

export const rule: Rule = {
  id,
  severity: "notice",
  description:
    "A secret that is already in state (random_password.result, tls_private_key, a secret data source) is copied into an argument that has a write-only variant; with an ephemeral source and the write-only argument the secret is never stored.",
  fix: 'On Terraform ≥ 1.11: generate the value with an ephemeral resource (ephemeral "random_password") or an ephemeral variable and assign it to the write-only argument (password_wo, secret_string_wo, value_wo) with its _version counter.',
  docs: docsLink(id),
  check(context) {
    return sinkFindings(context, {
      kinds: ["argument", "secret_version"],
      severity(fact, sink) {
        if (sink.kind === "secret_version" || fact.kind !== "stored" || sink.owner !== sink.block) return undefined;
        return WRITE_ONLY_ALTERNATIVE[sink.block.labels[0] ?? ""]?.[sink.attribute.name] ? "notice" : undefined;
      },
      message: (fact, sink, others) =>
        `${sink.label} copies ${describeFact(fact, others)} into state; ${WRITE_ONLY_ALTERNATIVE[sink.block.labels[0] ?? ""]?.[sink.attribute.name]} fed by an ephemeral value keeps it out`,
    });
  },
};
