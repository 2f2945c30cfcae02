// The bundle shipped in the Terraform module has no node_modules beside it. lint parses HCL itself, so a copy of
// the bundle alone (a vendored module, a clone before `npm ci`) lints like the repository does.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { BUNDLE } from "../shim/helpers.js";

test("lint from a copy of the bundle without node_modules finds a leak (exit 2)", () => {
  const dir = mkdtempSync(join(tmpdir(), "lint-bundle-copy-"));
  try {
    copyFileSync(BUNDLE, join(dir, "genesys-oauth-shim.mjs"));
    writeFileSync(join(dir, "main.tf"), 'variable "pw" {\n  type      = string\n  sensitive = true\n}\noutput "x" {\n  value = var.pw\n}\n');
    const run = spawnSync(process.execPath, [join(dir, "genesys-oauth-shim.mjs"), "lint", "main.tf"], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH },
    });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stdout, /main\.tf:6:11 error output_secret/);
    assert.equal(run.stderr, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
