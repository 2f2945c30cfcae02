// The command as users run it: spawned, asynchronously, from the fixtures directory.
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Ajv } from "ajv";
import { FIXTURES, runCli } from "./helpers.js";
import { sarifSchema } from "./sarif-schema.js";

describe("lint CLI", () => {
  it("exits 0 with a summary on clean code", async () => {
    const r = await runCli(["cli/clean"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 file\(s\) checked: 0 error\(s\), 0 warning\(s\), 0 notice\(s\)/);
  });

  it("exits 2 and prints file:line:col severity rule message with a code frame", async () => {
    const r = await runCli(["cli/warnings"]);
    assert.equal(r.code, 2);
    const lines = r.stdout.split("\n");
    assert.equal(
      lines[0],
      "cli/warnings/main.tf:1:1 warning secretsmanager_secret_no_kms aws_secretsmanager_secret.s has no kms_key_id: it uses the AWS managed key instead of a customer managed key",
    );
    assert.equal(lines[1], '  | resource "aws_secretsmanager_secret" "s" {');
    assert.match(lines[2]!, /^ {2}\| \^+$/);
  });

  it("--min-severity filters findings and decides the exit code", async () => {
    const warn = await runCli(["cli/warnings", "--min-severity", "warning", "--format", "json"]);
    assert.equal(warn.code, 2);
    assert.deepEqual(
      JSON.parse(warn.stdout).findings.map((f: { rule: string }) => f.rule),
      ["secretsmanager_secret_no_kms"],
    );
    const err = await runCli(["cli/warnings", "--min-severity=error"]);
    assert.equal(err.code, 0);
  });

  it("--enable and --disable select rules (repeatable, comma lists)", async () => {
    const only = await runCli(["tutorial", "--enable", "password_grant,genesys_token_url", "--format", "json"]);
    assert.deepEqual(
      JSON.parse(only.stdout).findings.map((f: { rule: string }) => f.rule),
      ["genesys_token_url", "password_grant"],
    );
    const without = await runCli(["cli/warnings", "--disable", "secretsmanager_secret_no_kms", "--disable", "secretsmanager_secret_no_rotation"]);
    assert.equal(without.code, 0);
  });

  it("an unknown rule id exits 1 and lists the valid ids", async () => {
    const r = await runCli(["cli/clean", "--enable", "no_such_rule"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown rule "no_such_rule"; valid rules: .*oauth_client_expose_secret/);
  });

  it("bad arguments and missing paths exit 1", async () => {
    assert.equal((await runCli(["--format", "xml"])).code, 1);
    assert.equal((await runCli(["--bogus"])).code, 1);
    assert.equal((await runCli(["does-not-exist"])).code, 1);
  });

  it("--help exits 0", async () => {
    const r = await runCli(["--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--min-severity/);
  });

  it("honours suppressions: same line, line above, block above, file level, with reasons", async () => {
    const r = await runCli(["cli/suppress", "--format", "json"]);
    assert.equal(r.code, 2);
    const findings = JSON.parse(r.stdout).findings.map((f: { rule: string; range: { start: { line: number } } }) => `${f.rule}@${f.range.start.line}`);
    assert.deepEqual(findings, ["trigger_secret@28", "output_secret@32"]);
  });

  it("reports an unparseable file with its position, still lints the others, exits 1", async () => {
    const r = await runCli(["cli/mixed", "--format", "json"]);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(
      doc.errors.map((e: { file: string; line: number; column: number }) => `${e.file}:${e.line}:${e.column}`),
      ["cli/mixed/broken.tf:2:10"],
    );
    assert.deepEqual([...new Set(doc.findings.map((f: { file: string }) => f.file))], ["cli/mixed/a.tf", "cli/mixed/c.tf"]);
    assert.match(r.stderr, /cli\/mixed\/broken\.tf:2:10: could not parse/);
    const text = await runCli(["cli/mixed"]);
    assert.match(text.stdout, /^cli\/mixed\/broken\.tf:2:10 error parse_error /m);
  });

  it("lints .tf.json with positions", async () => {
    const r = await runCli(["cli/json", "--format", "json"]);
    assert.equal(r.code, 2);
    const findings = JSON.parse(r.stdout).findings.map(
      (f: { rule: string; range: { start: { line: number; column: number } } }) => `${f.rule}@${f.range.start.line}:${f.range.start.column}`,
    );
    assert.deepEqual(findings, ["oauth_client_expose_secret@10:9", "local_exec_secret_in_command@16:58"]);
  });

  it("writes stable, sorted JSON with a version", async () => {
    const r = await runCli(["tutorial", "--format", "json"]);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.version, 1);
    assert.deepEqual(Object.keys(doc), ["version", "tool", "findings", "errors", "summary"]);
    assert.deepEqual(Object.keys(doc.findings[0]), ["rule", "severity", "message", "file", "range", "docs"]);
    const keys = doc.findings.map((f: { file: string; rule: string; range: { start: { line: number; column: number } } }) => [
      f.file,
      f.range.start.line,
      f.range.start.column,
      f.rule,
    ]);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0)));
    assert.deepEqual(keys, sorted);
    assert.deepEqual(doc.summary, { files: 1, error: 2, warning: 7, notice: 2, parse_errors: 0 });
  });

  it("writes SARIF 2.1.0 that satisfies the code-scanning requirements", async () => {
    const r = await runCli(["tutorial", "cli/mixed", "--format", "sarif"]);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(sarifSchema);
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
    const run = sarif.runs[0];
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === "password_grant");
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation.uri, "tutorial/main.tf");
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 29, startColumn: 7, endLine: 29, endColumn: 26 });
    assert.equal(result.level, "warning");
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, "password_grant");
    assert.equal(run.invocations[0].executionSuccessful, false);
    assert.equal(run.invocations[0].toolExecutionNotifications.length, 1);
    const hashes = run.results.map((x: { partialFingerprints: { primaryLocationLineHash: string } }) => x.partialFingerprints.primaryLocationLineHash);
    assert.equal(new Set(hashes).size, hashes.length);
  });

  describe("directory walking", () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), "lint-walk-"));
      await mkdir(path.join(dir, ".terraform/modules/vendor"), { recursive: true });
      await cp(path.join(FIXTURES, "tutorial/main.tf"), path.join(dir, ".terraform/modules/vendor/main.tf"));
      await mkdir(path.join(dir, "nested/deeper"), { recursive: true });
      await writeFile(path.join(dir, "nested/deeper/main.tf"), 'resource "null_resource" "n" {}\n');
      await writeFile(path.join(dir, "main.tf"), "locals {\n  a = 1\n}\n");
    });
    after(async () => rm(dir, { recursive: true, force: true }));

    it("recurses, skips .terraform/, defaults to .", async () => {
      const r = await runCli(["--format", "json"], dir);
      assert.equal(r.code, 2, r.stderr);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.summary.files, 2);
      assert.deepEqual(
        doc.findings.map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`),
        ["nested/deeper/main.tf null_resource_prefer_terraform_data"],
      );
    });
  });
});
