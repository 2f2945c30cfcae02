// The modules' own `terraform test` files (terraform/modules/{oauth-client,oauth-clients}/tests/*.tftest.hcl): validation messages,
// preconditions, the query's shape, no credentials in the query, no absolute paths, read_only outside the gate.
// override_during needs Terraform >= 1.11, so they run under the machine's Terraform.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { createTerraformWorkspace, type TerraformWorkspace } from "../support/terraform.js";
import { repoRoot } from "../support/toolchain.js";
import { MODULE_DIR } from "./helpers.js";

for (const dir of [MODULE_DIR, join(repoRoot, "terraform", "modules", "oauth-clients")]) {
  describe(`terraform test in ${relative(repoRoot, dir)}`, { timeout: 300_000 }, () => {
    let ws: TerraformWorkspace;
    // The whole modules folder: oauth-client calls ../oauth-clients.
    const chdir = `-chdir=${relative(join(repoRoot, "terraform", "modules"), dir)}`;
    before(() => {
      ws = createTerraformWorkspace({ copyFrom: join(repoRoot, "terraform", "modules") });
    });
    after(() => ws?.cleanup());

    it("every run block of every .tftest.hcl file passes", async () => {
      const files = readdirSync(join(dir, "tests")).filter((name) => name.endsWith(".tftest.hcl"));
      assert.ok(files.length >= 2, `expected test files in ${dir}/tests`);
      await ws.run([chdir, "init", "-input=false", "-no-color"]);
      const run = await ws.run([chdir, "test", "-no-color"], { allowFailure: true });
      assert.equal(run.code, 0, `terraform test failed\n${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /Success! \d+ passed, 0 failed/);
      for (const file of files) assert.match(run.stdout, new RegExp(`tests/${file.replace(".", "\\.")}\\.\\.\\. pass`));
    });
  });
}
