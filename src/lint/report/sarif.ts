// SARIF 2.1.0 for GitHub code scanning: rules with descriptions and help, repo-relative locations,
// partialFingerprints.primaryLocationLineHash, security-severity and tags. Parse errors become
// toolExecutionNotifications.
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { Rule } from "../rule.js";
import type { LintResult } from "../runner.js";

const LEVEL = { error: "error", warning: "warning", notice: "note" } as const;
const SECURITY_SEVERITY = { error: "8.0", warning: "5.0", notice: "2.0" } as const;
const MAX_RESULTS = 25000;

const SRCROOT = "%SRCROOT%";
/** Base for files outside the working directory: their uri is relative to the file system root. */
const FILESYSTEM_ROOT = "FILESYSTEM_ROOT";

function isAbsolute(file: string): boolean {
  return file.startsWith("/") || /^[A-Za-z]:\//.test(file);
}

/** Repo-relative, every segment percent-encoded (`#`, `?`, `%`, spaces…), always with a uriBaseId. */
export function artifact(file: string): { uri: string; uriBaseId: string } {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href.replace(/^file:\/\/\//, ""), uriBaseId: FILESYSTEM_ROOT };
  return { uri: file.split("/").map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

export function formatSarif(result: LintResult, rules: readonly Rule[], version: string, cwd: string = process.cwd()): string {
  const occurrences = new Map<string, number>();
  const results = result.findings.slice(0, MAX_RESULTS).map((f) => {
    const base = createHash("sha256")
      .update(`${f.ruleId}\0${f.lineText.trim().replace(/\s+/g, " ")}`)
      .digest("hex")
      .slice(0, 16);
    const key = `${f.file}\0${base}`;
    const n = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, n);
    return {
      ruleId: f.ruleId,
      ruleIndex: rules.findIndex((r) => r.id === f.ruleId),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifact(f.file),
            region: { startLine: f.range.start.line, startColumn: f.range.start.column, endLine: f.range.end.line, endColumn: f.range.end.column },
          },
        },
      ],
      partialFingerprints: { primaryLocationLineHash: `${base}:${n}` },
      properties: { "security-severity": SECURITY_SEVERITY[f.severity], tags: ["security", "terraform"] },
    };
  });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "genesys-oauth-shim lint",
            version,
            informationUri: rules[0]?.docs.replace(/#.*$/, "") ?? "",
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.description.split(/(?<=\.)\s/)[0] ?? r.description },
              fullDescription: { text: r.description },
              help: { text: `${r.description}\nFix: ${r.fix}\n${r.docs}`, markdown: `${r.description}\n\n**Fix:** ${r.fix}\n\n[Documentation](${r.docs})` },
              helpUri: r.docs,
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { "security-severity": SECURITY_SEVERITY[r.severity], tags: ["security", "terraform"], precision: "high" },
            })),
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { uri: pathToFileURL(cwd.endsWith("/") ? cwd : `${cwd}/`).href },
          [FILESYSTEM_ROOT]: { uri: "file:///" },
        },
        columnKind: "utf16CodeUnits",
        invocations: [
          {
            executionSuccessful: result.errors.length === 0,
            toolExecutionNotifications: result.errors.map((e) => ({
              level: "error",
              message: { text: `could not parse ${e.file}: ${e.message}` },
              locations: [{ physicalLocation: { artifactLocation: artifact(e.file), region: { startLine: e.position.line, startColumn: e.position.column } } }],
            })),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
