// What a user sees when the runner's node is too old or missing. Too old: the bundle stops with one line naming
// Node >= 20.18.1, on its own and inside Terraform's error. Missing: Terraform's external provider cannot start
// the program; docs/CI.md and the module README quote its exact message, checked here against a real run.
// An old Node is imitated by a preload that rewrites process.version(s) before the bundle loads: the check reads
// nothing else, and no Node older than 20 is installable on this machine.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, describe, it } from "node:test";
import { runProcess } from "../support/processes.js";
import { createTerraformWorkspace, type TerraformWorkspace } from "../support/terraform.js";
import { repoRoot, terraformBin } from "../support/toolchain.js";
import { MODULE_DIR, SHIM_BUNDLE } from "./helpers.js";

const FLOOR = "20.18.1";

function pretendNode(version: string): string {
  const code = `Object.defineProperty(process.versions,'node',{value:'${version}'});Object.defineProperty(process,'version',{value:'v${version}'})`;
  return `data:text/javascript,${code}`;
}

const runBundle = (version: string, ...args: string[]) =>
  runProcess(process.execPath, ["--import", pretendNode(version), SHIM_BUNDLE, ...args], { cwd: repoRoot, env: { PATH: process.env.PATH ?? "" } });

describe("the bundle on a Node older than 20.18.1", () => {
  it("package.json's engines and the bundle's check name the same floor", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { engines: { node: string } };
    assert.equal(pkg.engines.node, `>=${FLOOR}`);
    assert.match(readFileSync(SHIM_BUNDLE, "utf8"), new RegExp(`needs Node\\.js >= ${FLOOR.replaceAll(".", "\\.")}`));
  });

  for (const version of ["18.20.4", "20.9.0", "20.18.0"]) {
    it(`${version}: exit 1, one line on stderr naming Node.js >= ${FLOOR}, nothing on stdout, for every command`, async () => {
      for (const command of [["external-many"], ["ensure"], ["--version"]]) {
        const result = await runBundle(version, ...command);
        assert.equal(result.code, 1, command.join(" "));
        assert.equal(result.stdout, "");
        assert.equal(
          result.stderr,
          `genesys-oauth-shim: Node.js v${version} is too old; it needs Node.js >= ${FLOOR}. Install Node.js ${FLOOR} or newer and put it first on PATH.\n`,
        );
      }
    });
  }

  for (const version of [FLOOR, "22.0.0"]) {
    it(`${version}: runs`, async () => {
      const result = await runBundle(version, "--version");
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^\d+\.\d+\.\d+/);
    });
  }
});

describe("Terraform runs the module where node is too old or missing", { timeout: 300_000 }, () => {
  const workspaces: TerraformWorkspace[] = [];
  const scratch = mkdtempSync(join(tmpdir(), "node-runtime-"));
  after(() => {
    for (const ws of workspaces) ws.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  function workspace(shimCommand?: string[]): TerraformWorkspace {
    const ws = createTerraformWorkspace({ dataDirInWorkingDir: true });
    const source = relative(ws.dir, MODULE_DIR);
    const bundle = relative(ws.dir, SHIM_BUNDLE);
    ws.writeFile(
      "main.tf",
      `module "app" {
  source         = ${JSON.stringify(source)}
  name           = "node-runtime"
  secret_name    = "node-runtime/app"
  role_divisions = [{ role_id = "00000000-0000-4000-8000-0000000000a2", division_id = "*" }]
${shimCommand ? `  shim_command   = ${JSON.stringify(shimCommand.map((part) => (part === "BUNDLE" ? bundle : part)))}\n` : ""}}
`,
    );
    workspaces.push(ws);
    return ws;
  }

  it("too old: the plan fails with the bundle's one line inside the provider's error", async () => {
    const ws = workspace([process.execPath, "--import", pretendNode("18.20.4"), "BUNDLE"]);
    await ws.run(["init", "-input=false", "-no-color"]);
    const plan = await ws.run(["plan", "-input=false", "-no-color"], { allowFailure: true });
    assert.equal(plan.code, 1);
    const text = plan.stderr.replace(/\s+/g, " ");
    assert.match(text, /External Program Execution Failed/);
    assert.match(text, new RegExp(`Node\\.js v18\\.20\\.4 is too old; it needs Node\\.js >= ${FLOOR.replaceAll(".", "\\.")}\\.`));
  });

  it("missing: the plan fails with the provider's lookup error, which docs/CI.md and the module README quote", async () => {
    // A PATH holding terraform and nothing else: no node anywhere.
    const bin = join(scratch, "bin");
    mkdirSync(bin);
    symlinkSync(terraformBin(), join(bin, "terraform"));
    const ws = workspace();
    await ws.run(["init", "-input=false", "-no-color"]);
    const plan = await ws.run(["plan", "-input=false", "-no-color"], { allowFailure: true, env: { PATH: bin } });
    assert.equal(plan.code, 1);
    const quoted = ["Error: External Program Lookup Failed", 'Program: "node"', 'Error: exec: "node": executable file not found in $PATH'];
    for (const line of quoted) assert.ok(plan.stderr.includes(line), `terraform printed ${JSON.stringify(line)}\n${plan.stderr}`);
    for (const doc of ["docs/CI.md", "terraform/modules/oauth-client/README.md"]) {
      const text = readFileSync(join(repoRoot, doc), "utf8");
      for (const line of quoted) assert.ok(text.includes(line), `${doc} quotes ${JSON.stringify(line)}`);
    }
  });
});
