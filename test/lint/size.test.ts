// Size and depth: deep nesting is reported where it goes too deep and the rest of the file is still linted.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { it } from "node:test";
import { MAX_DEPTH } from "../../src/lint/hcl-parser.js";
import { RULES } from "../../src/lint/rules/index.js";
import { lint } from "../../src/lint/runner.js";

async function lintText(text: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "lint-size-"));
  writeFileSync(path.join(dir, "main.tf"), text);
  return lint({ paths: ["."], cwd: dir, rules: RULES, minSeverity: "notice" });
}

const HEAD = 'variable "s" {\n  type      = string\n  sensitive = true\n}\n';
const LEAK_BEFORE = 'output "before" {\n  value = var.s\n}\n';
const LEAK_AFTER = 'output "after" {\n  value = var.s\n}\n';

for (const [shape, open, close] of [
  ["calls", "tostring(", ")"],
  ["tuples", "[", "]"],
  ["objects", "{ a = ", " }"],
  ["templates", '"${', '}"'],
] as const) {
  it(`2000-deep nested ${shape}: reported at the level where it goes too deep, the rest of the file still linted`, async () => {
    const prefix = `${HEAD}${LEAK_BEFORE}output "deep" {\n  value = `;
    const r = await lintText(`${prefix}${open.repeat(2000)}var.s${close.repeat(2000)}\n}\n${LEAK_AFTER}`);
    assert.deepEqual(
      r.findings.map((f) => `${f.range.start.line} ${f.ruleId}`),
      ["6 output_secret", "12 output_secret"],
    );
    assert.equal(r.errors.length, 1);
    // The first level past MAX_DEPTH, on the deep line, not 1:1.
    assert.deepEqual(r.errors[0]!.position, { line: 9, column: "  value = ".length + 1 + open.length * MAX_DEPTH });
    assert.match(r.errors[0]!.message, /nested deeper than 500 levels/);
  });
}

it(`nesting up to ${MAX_DEPTH} levels is handled: the secret inside is followed`, async () => {
  const r = await lintText(`${HEAD}output "deep" {\n  value = ${"tostring(".repeat(MAX_DEPTH - 1)}var.s${")".repeat(MAX_DEPTH - 1)}\n}\n`);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(
    r.findings.map((f) => `${f.range.start.line} ${f.severity} ${f.ruleId}`),
    ["6 error output_secret"],
  );
});

// How cost grows with size is measured, not asserted: `make bench` section 4 prints the 1 MB and 5 MB figures and
// their ratio (docs/PERFORMANCE.md); a timed test would fail on a loaded machine and pass on a fast one.
