// JSON (documented in docs/LINT.md). Stable: bump JSON_FORMAT_VERSION on any incompatible change.
import type { LintResult } from "../runner.js";

export const JSON_FORMAT_VERSION = 1;

export function formatJson(result: LintResult): string {
  const summary = { files: result.files, error: 0, warning: 0, notice: 0, parse_errors: result.errors.length };
  for (const f of result.findings) summary[f.severity]++;
  const doc = {
    version: JSON_FORMAT_VERSION,
    tool: "genesys-oauth-shim lint",
    findings: result.findings.map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: f.file,
      range: { start: { line: f.range.start.line, column: f.range.start.column }, end: { line: f.range.end.line, column: f.range.end.column } },
      docs: f.docs,
    })),
    errors: result.errors.map((e) => ({ file: e.file, line: e.position.line, column: e.position.column, message: e.message })),
    summary,
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
