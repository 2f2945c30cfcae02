// Every module and example passes `terraform fmt -check` and `terraform validate` (initialised from the mirror).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REGIONS } from "../../src/genesys/regions.js";
import { after, before, describe, it } from "node:test";
import { createTerraformWorkspace, type TerraformWorkspace } from "../support/terraform.js";
import { repoRoot } from "../support/toolchain.js";

const CONFIGURATIONS = [
  "modules/oauth-client",
  "modules/oauth-clients",
  "examples/basic",
  "examples/local",
  "examples/removed",
  "examples/github-actions",
  "examples/scheduled-rotation",
];

describe("terraform/ modules and examples", { timeout: 300_000 }, () => {
  let ws: TerraformWorkspace;

  before(() => {
    // A copy of the whole terraform/ tree, so the examples' relative module sources still resolve.
    ws = createTerraformWorkspace({ copyFrom: join(repoRoot, "terraform") });
  });
  after(() => ws?.cleanup());

  it("terraform fmt -check -recursive passes", async () => {
    const run = await ws.run(["fmt", "-check", "-recursive", "-diff", "-no-color", join(repoRoot, "terraform")], { allowFailure: true });
    assert.equal(run.code, 0, `files need terraform fmt:\n${run.stdout}${run.stderr}`);
  });

  for (const config of CONFIGURATIONS) {
    it(`${config}: terraform init (offline, from the mirror) and validate`, async () => {
      // One data dir per configuration; -chdir keeps the shared copy in place.
      const env = { TF_DATA_DIR: join(ws.dir, config, ".terraform") };
      await ws.run([`-chdir=${config}`, "init", "-backend=false", "-input=false", "-no-color"], { env });
      const run = await ws.run([`-chdir=${config}`, "validate", "-json", "-no-color"], { env, allowFailure: true });
      const result = JSON.parse(run.stdout) as { valid: boolean; error_count: number; warning_count: number; diagnostics: unknown[] };
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(result.valid, true, JSON.stringify(result.diagnostics, null, 2));
      assert.equal(result.warning_count, 0, JSON.stringify(result.diagnostics, null, 2));
    });
  }

  for (const module of ["oauth-client", "oauth-clients"]) {
    it(`the ${module} module's genesys_region list is the shim's (src/genesys/regions.ts)`, () => {
      const variables = readFileSync(join(repoRoot, `terraform/modules/${module}/variables.tf`), "utf8");
      const block = variables.slice(variables.indexOf('variable "genesys_region"'), variables.indexOf('variable "aws_region"'));
      const listed = [...block.matchAll(/"([a-z0-9.-]+\.[a-z]+|[a-z]+(?:-[a-z]+)+-\d)"/g)].map((m) => m[1]).sort();
      assert.deepEqual(listed, [...Object.keys(REGIONS), ...Object.values(REGIONS)].sort());
    });
  }
});
