// Protocol conformance of hashicorp/external 2.4.0 (HashiCorp's provider, built by scripts/toolchain.sh from the
// unmodified upstream source), through real Terraform: what our shim may and may not print.
// Only documented behaviour is asserted (docs: the `external` data source protocol), so this passes against both.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createTerraformWorkspace, type TerraformRunResult, type TerraformWorkspace } from "../support/terraform.js";
import { describeExternalProvider } from "../support/toolchain.js";

// One program, behaviour chosen by argv[2]. Every mode reads stdin (as a real program must).
const PROGRAM = `import { readFileSync } from "node:fs";
const [mode, ...rest] = process.argv.slice(2);
const stdin = readFileSync(0, "utf8");
const out = (text) => process.stdout.write(text);
switch (mode) {
  case "echo":
    out(JSON.stringify({
      stdin,
      argv: JSON.stringify(rest),
      cwd: process.cwd(),
      env: process.env.CONFORMANCE_ENV ?? "<unset>",
      unicode: 'h\\u00e9llo \\u2713 "quoted" \\\\ back\\nslash',
      empty: "",
    }) + "\\n");
    break;
  case "number": out('{"a": 1}'); break;
  case "bool": out('{"a": true}'); break;
  case "null-value": out('{"a": null}'); break;
  case "null": out("null"); break;
  case "nested": out('{"a": {"b": "c"}}'); break;
  case "array": out('["a", "b"]'); break;
  case "empty": break;
  case "log-line": out('starting up\\n{"a": "b"}'); break;
  case "two-objects": out('{"a": "b"}\\n{"c": "d"}'); break;
  case "fail":
    out('{"ignored": "stdout of a failing program"}');
    process.stderr.write("conformance-fail: the first line of stderr\\nconformance-fail: the second line, what to do\\n");
    process.exit(3);
  case "trace":
    process.stderr.write("stderr-" + rest[0] + "\\n");
    out(JSON.stringify({ value: "stdout-" + rest[0] }));
    break;
  default:
    process.stderr.write("unknown mode " + mode + "\\n");
    process.exit(64);
}
`;

const CONFIG = `terraform {
  required_providers {
    external = {
      source  = "hashicorp/external"
      version = "2.4.0"
    }
  }
}

variable "program" {
  type = list(string)
}

variable "working_dir" {
  type    = string
  default = null
}

data "external" "x" {
  program     = var.program
  working_dir = var.working_dir
  query = {
    greeting = "hello, wörld"
    number   = 42
    flag     = true
    nothing  = null
    encoded  = jsonencode({ list = [1, 2], nested = { k = "v" } })
  }
}

output "result" {
  value = data.external.x.result
}

output "id" {
  value = data.external.x.id
}
`;

const RELATIVE_PROGRAM = `#!/bin/sh
cat >/dev/null
printf '{"relative": "yes"}'
`;

describe("hashicorp/external protocol conformance (through real Terraform)", { timeout: 300_000 }, () => {
  let ws: TerraformWorkspace;
  let program: string;

  /** apply with the given program; returns the outputs (throws when Terraform fails). */
  async function applyOutputs(argv: string[], extra: Record<string, string> = {}): Promise<{ result: Record<string, string>; id: string }> {
    const env = { TF_VAR_program: JSON.stringify(argv), ...extra };
    await ws.run(["apply", "-auto-approve", "-no-color"], { env });
    const outputs = JSON.parse((await ws.run(["output", "-json"], { env })).stdout) as Record<string, { value: unknown }>;
    return { result: outputs["result"]?.value as Record<string, string>, id: outputs["id"]?.value as string };
  }

  /** plan with the given program, expected to fail. */
  async function planFails(argv: string[], extra: Record<string, string> = {}): Promise<TerraformRunResult> {
    const run = await ws.run(["plan", "-no-color"], { env: { TF_VAR_program: JSON.stringify(argv), ...extra }, allowFailure: true });
    assert.equal(run.code, 1, `terraform plan should fail\n${run.stdout}${run.stderr}`);
    return run;
  }

  before(async () => {
    ws = createTerraformWorkspace({ files: { "main.tf": CONFIG, "prog.mjs": PROGRAM, "relative.sh": RELATIVE_PROGRAM } });
    chmodSync(join(ws.dir, "relative.sh"), 0o755);
    mkdirSync(join(ws.dir, "wd"));
    program = join(ws.dir, "prog.mjs");
    await ws.run(["init", "-no-color"]);
  });

  after(() => ws?.cleanup());

  it('result round-trips; argv is passed verbatim (no shell); the environment is inherited; id is "-"', async (t) => {
    t.diagnostic(describeExternalProvider());
    const argv = ["two words", "$HOME;echo not-a-shell", "*"];
    const { result, id } = await applyOutputs(["node", program, "echo", ...argv], { CONFORMANCE_ENV: "from-terraform's-environment" });
    assert.equal(id, "-");
    assert.equal(result["unicode"], 'héllo ✓ "quoted" \\ back\nslash');
    assert.equal(result["empty"], "");
    assert.deepEqual(JSON.parse(result["argv"] ?? ""), argv);
    assert.equal(result["env"], "from-terraform's-environment");
    assert.equal(realpathSync(result["cwd"] ?? ""), realpathSync(ws.dir), "without working_dir the program runs in Terraform's working directory");
  });

  it("query arrives on stdin as one JSON object of strings (numbers and bools as strings, nulls dropped)", async () => {
    const { result } = await applyOutputs(["node", program, "echo"]);
    const stdin = JSON.parse(result["stdin"] ?? "") as Record<string, unknown>;
    assert.deepEqual(stdin, {
      greeting: "hello, wörld",
      number: "42",
      flag: "true",
      encoded: JSON.stringify({ list: [1, 2], nested: { k: "v" } }),
    });
    for (const value of Object.values(stdin)) assert.equal(typeof value, "string");
  });

  it("working_dir is honoured", async () => {
    const wd = join(ws.dir, "wd");
    const { result } = await applyOutputs(["node", program, "echo"], { TF_VAR_working_dir: wd });
    assert.equal(realpathSync(result["cwd"] ?? ""), realpathSync(wd));
  });

  it("a relative program path is resolved against Terraform's working directory", async () => {
    const { result } = await applyOutputs(["./relative.sh"]);
    assert.deepEqual(result, { relative: "yes" });
  });

  it('{"a": 1} fails with "Unexpected External Program Results"', async () => {
    const run = await planFails(["node", program, "number"]);
    assert.match(run.stderr, /Unexpected External Program Results/);
  });

  // Found by running HashiCorp's provider (our reference page said otherwise): Go's JSON decoding into a map of
  // strings turns a null value into "" and a bare null into an empty map. The shim never prints either.
  it('{"a": null} is accepted as {"a": ""}', async () => {
    const { stdout } = await ws.run(["plan", "-no-color"], { env: { TF_VAR_program: JSON.stringify(["node", program, "null-value"]) } });
    assert.match(stdout, /\+ a\s+= ""/);
  });

  it("a bare null is accepted as an empty result", async () => {
    const { stdout } = await ws.run(["plan", "-no-color"], { env: { TF_VAR_program: JSON.stringify(["node", program, "null"]) } });
    assert.match(stdout, /- relative = "yes"/);
    assert.doesNotMatch(stdout, /\+ \w+\s+=/);
  });

  for (const mode of ["bool", "nested", "array", "empty", "log-line", "two-objects"]) {
    it(`stdout "${mode}" is rejected with "Unexpected External Program Results"`, async () => {
      const run = await planFails(["node", program, mode]);
      assert.match(run.stderr, /Unexpected External Program Results/);
    });
  }

  it('a non-zero exit fails with "External Program Execution Failed" and shows the program\'s whole stderr', async () => {
    const run = await planFails(["node", program, "fail"]);
    assert.match(run.stderr, /External Program Execution Failed/);
    assert.match(run.stderr, /conformance-fail: the first line of stderr/);
    assert.match(run.stderr, /conformance-fail: the second line, what to do/);
  });

  it("a program that does not exist fails clearly, naming it", async () => {
    const run = await planFails(["conformance-no-such-program"]);
    assert.match(run.stderr, /conformance-no-such-program/);
  });

  it("an empty program list is rejected", async () => {
    const run = await planFails([]);
    assert.match(run.stderr, /program/);
  });

  it("under TF_LOG=trace the command line, stdout and stderr are logged (the exposure the leak canary guards)", async () => {
    const marker = `trace-marker-${process.pid}`;
    const log = join(ws.dir, "..", "trace.log");
    await ws.run(["plan", "-no-color"], { env: { TF_VAR_program: JSON.stringify(["node", program, "trace", marker]), TF_LOG: "trace", TF_LOG_PATH: log } });
    const text = readFileSync(log, "utf8");
    assert.ok(text.includes(`trace ${marker}`), "the command line is in the trace log");
    assert.ok(text.includes(`stdout-${marker}`), "stdout is in the trace log");
    assert.ok(text.includes(`stderr-${marker}`), "stderr is in the trace log");
  });
});
