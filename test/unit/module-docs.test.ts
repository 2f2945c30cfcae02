// The module READMEs' Requirements / Inputs / Outputs tables match the .tf files (CI fails on drift, like a
// terraform-docs check). `make docs` regenerates them.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../support/toolchain.js";

test("module README tables are generated from the current variables, outputs and versions", () => {
  const run = spawnSync(process.execPath, [join(repoRoot, "scripts", "module-docs.mjs"), "--check"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
});

test("the tables list every variable and output, with required ones marked", async () => {
  const { renderTables } = (await import(join(repoRoot, "scripts", "module-docs.mjs"))) as { renderTables(dir: string): Promise<string> };
  const dir = join(repoRoot, "terraform", "modules", "oauth-client");
  const tables = await renderTables(dir);
  const variables = [...readFileSync(join(dir, "variables.tf"), "utf8").matchAll(/^variable "(\w+)"/gm)].map((m) => m[1]!);
  for (const name of variables) assert.match(tables, new RegExp(`^\\| ${name} \\|`, "m"), `${name} is in the inputs table`);
  assert.match(tables, /^\| name \| .* \| `string` \| n\/a \| yes \|$/m);
  assert.match(tables, /^\| read_only \| .* \| `bool` \| `false` \| no \|$/m);
});
