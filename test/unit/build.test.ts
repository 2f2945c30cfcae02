import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, it } from "node:test";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("build", () => {
  it("is reproducible: two builds give the same bytes, and the bundle runs without node_modules", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shim-build-"));
    try {
      await run(process.execPath, ["scripts/build.mjs", join(dir, "a.mjs")], { cwd: root });
      await run(process.execPath, ["scripts/build.mjs", join(dir, "b.mjs")], { cwd: root });
      assert.equal(sha(join(dir, "a.mjs")), sha(join(dir, "b.mjs")));
      assert.ok(!readFileSync(join(dir, "a.mjs"), "utf8").includes(root), "no absolute paths of the build machine");
      // Outside the repo there is no node_modules to fall back on.
      const { stdout } = await run(process.execPath, [join(dir, "a.mjs"), "external", "--help"], { cwd: dir });
      assert.match(stdout, /Usage: genesys-oauth-shim external/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
