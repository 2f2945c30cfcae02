// The doctor's report as text (one line per check, the fix under a failure) or JSON. Redacted like everything else.
import { redact } from "../core/redact.js";
import type { CheckResult } from "./result.js";

const LABEL = { pass: "PASS", fail: "FAIL", skip: "SKIP" } as const;

export function formatText(results: CheckResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${LABEL[r.status]}  ${r.name}: ${r.detail}`);
    if (r.status === "fail" && r.fix) lines.push(`      fix: ${r.fix}`);
  }
  const count = (s: CheckResult["status"]) => results.filter((r) => r.status === s).length;
  lines.push("", `${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped`);
  return redact(lines.join("\n")) + "\n";
}

export function formatJson(results: CheckResult[]): string {
  return redact(JSON.stringify({ ok: results.every((r) => r.status !== "fail"), checks: results }, null, 2)) + "\n";
}
