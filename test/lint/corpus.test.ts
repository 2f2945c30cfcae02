// Real-world precision: lint ../shared/corpus (293 unmodified files from eight public repositories) and compare
// every finding with the reviewed snapshot, in which each finding carries the reason it is right.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { RULES } from "../../src/lint/rules/index.js";
import { lint } from "../../src/lint/runner.js";
import { sharedDir } from "../support/toolchain.js";
import { ROOT } from "./helpers.js";

/** The corpus in the shared folder (scripts/shared-dir.sh says where it is looked for). */
function corpusDir(): string {
  const shared = sharedDir();
  const corpus = shared === undefined ? undefined : path.join(shared, "corpus");
  assert.ok(
    corpus !== undefined && existsSync(path.join(corpus, "SOURCES.md")),
    `the lint corpus is missing: expected ../shared/corpus next to the repository, its main checkout or its origin, or GENESYS_OAUTH_SHIM_SHARED_DIR (found ${shared ?? "no shared folder"})`,
  );
  return corpus;
}

interface Snapshot {
  files: number;
  findings: { finding: string; reason: string }[];
}

describe("lint on the real-world corpus", () => {
  it("parses every file and reports exactly the reviewed findings", async () => {
    const corpus = corpusDir();
    const snapshot = JSON.parse(readFileSync(path.join(ROOT, "test/lint/corpus-snapshot.json"), "utf8")) as Snapshot;
    const result = await lint({ paths: ["."], cwd: corpus, rules: RULES, minSeverity: "notice" });
    assert.deepEqual(result.errors, [], "no parse errors");
    assert.equal(result.files, snapshot.files);
    for (const entry of snapshot.findings) assert.ok(entry.reason.trim().length > 20, `no reason given for ${entry.finding}`);
    const actual = result.findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.column} ${f.severity} ${f.ruleId}`);
    const expected = snapshot.findings.map((e) => e.finding);
    const unexpected = actual.filter((a) => !expected.includes(a));
    const missing = expected.filter((e) => !actual.includes(e));
    assert.deepEqual(
      { unexpected, missing },
      { unexpected: [], missing: [] },
      "new findings need a reviewed reason in test/lint/corpus-snapshot.json (or a rule fix); missing ones need the snapshot updated",
    );
    assert.deepEqual(actual, expected, "snapshot order: as the linter sorts");
  });

  it("reports errors only for proven flows (every error has a reason naming state, plan, logs or argv)", () => {
    const snapshot = JSON.parse(readFileSync(path.join(ROOT, "test/lint/corpus-snapshot.json"), "utf8")) as Snapshot;
    for (const e of snapshot.findings.filter((f) => / error /.test(f.finding))) assert.match(e.reason, /state|plan|logs|argv/, e.finding);
  });
});
