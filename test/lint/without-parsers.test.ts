// The bundle shipped in the Terraform module has no node_modules beside it. `lint` from such a copy (a fresh clone
// without `npm ci`, a vendored module) must say what to run, exit 1, and not crash.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { BUNDLE } from "../shim/helpers.js";

test("lint from a copy without its parser packages names them and says what to run (exit 1)", () => {
  const dir = mkdtempSync(join(tmpdir(), "lint-no-parsers-"));
  try {
    copyFileSync(BUNDLE, join(dir, "genesys-oauth-shim.mjs"));
    writeFileSync(join(dir, "main.tf"), 'output "x" {\n  value = 1\n}\n');
    const run = spawnSync(process.execPath, [join(dir, "genesys-oauth-shim.mjs"), "lint", "main.tf"], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH } });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /lint needs its HCL parsers \(@cdktf\/hcl2json, web-tree-sitter and @tree-sitter-grammars\/tree-sitter-hcl\)/);
    assert.match(run.stderr, /Run `npm ci` in a clone of the repository/);
    assert.doesNotMatch(run.stderr, /internal error/);
    assert.equal(run.stdout, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
