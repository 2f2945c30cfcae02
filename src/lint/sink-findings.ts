// Shared by the taint rules: one finding per sink attribute (never one per reference, so try(a, b) or a
// for-expression with two secret references is one finding), at the strongest fact's reference.
import type { RuleFinding, Severity } from "./model.js";
import { locateReference, type RuleContext } from "./rule.js";
import { strongest, type Fact, type Sink, type SinkKind } from "./taint.js";

export interface SinkPolicy {
  kinds: SinkKind[];
  /** The severity for a fact at a sink, or undefined when this rule does not report it. */
  severity(fact: Fact, sink: Sink): Severity | undefined;
  message(fact: Fact, sink: Sink, others: number): string;
}

const RANK: Record<Severity, number> = { notice: 0, warning: 1, error: 2 };

export function sinkFindings(context: RuleContext, policy: SinkPolicy): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const sink of context.sinks) {
    if (!policy.kinds.includes(sink.kind)) continue;
    const reported = strongest(sink.facts)
      .map((fact) => ({ fact, severity: policy.severity(fact, sink) }))
      .filter((r): r is { fact: Fact; severity: Severity } => r.severity !== undefined)
      .sort((a, b) => RANK[b.severity] - RANK[a.severity]);
    const first = reported[0];
    if (!first) continue;
    findings.push({
      file: sink.owner.file,
      range: locateReference(sink.attribute, first.fact.reference, sink.owner.file),
      message: policy.message(first.fact, sink, reported.length - 1),
      severity: first.severity,
    });
  }
  return findings;
}

/** `local.r.client_secret carries the Genesys OAuth client secret genesyscloud_oauth_client.app.client_secret`. */
export function describeFact(fact: Fact, others: number): string {
  const via = fact.origin.includes(fact.reference) ? fact.origin : `${fact.reference} (${fact.origin})`;
  return others > 0 ? `${via} and ${others} more secret value(s)` : via;
}

/** Errors for proven secrets, warnings for names; the rest as the caller decides. */
export function provenOrNamed(fact: Fact, stored: Severity | undefined): Severity | undefined {
  if (fact.kind === "genesys" || fact.kind === "unstored") return "error";
  if (fact.kind === "named") return "warning";
  return stored;
}
