// Text: `file:line:col severity rule message`, then the line with a caret under the range.
import type { LintResult } from "../runner.js";

function frame(lineText: string, column: number, width: number): string {
  const gutter = "  | ";
  const shown = lineText.replace(/\t/g, " ");
  return `${gutter}${shown}\n${gutter}${" ".repeat(Math.max(0, column - 1))}${"^".repeat(Math.max(1, width))}`;
}

export function formatText(result: LintResult, color = false): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  for (const e of result.errors) out.push(`${e.file}:${e.position.line}:${e.position.column} ${paint("31", "error")} parse_error ${e.message}`);
  for (const f of result.findings) {
    const sev = paint(f.severity === "error" ? "31" : f.severity === "warning" ? "33" : "36", f.severity);
    const width = f.range.end.line === f.range.start.line ? f.range.end.column - f.range.start.column : f.lineText.length - f.range.start.column + 1;
    out.push(
      `${f.file}:${f.range.start.line}:${f.range.start.column} ${sev} ${f.ruleId} ${f.message}\n${frame(f.lineText, f.range.start.column, Math.min(width, 80))}`,
    );
  }
  const count = (s: string) => result.findings.filter((f) => f.severity === s).length;
  out.push(
    `${result.files} file(s) checked: ${count("error")} error(s), ${count("warning")} warning(s), ${count("notice")} notice(s)${result.errors.length ? `, ${result.errors.length} parse error(s)` : ""}`,
  );
  return out.join("\n") + "\n";
}
