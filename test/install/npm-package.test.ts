// The package as a user installs it without the registry: `npm pack`, then `npm install -g` of the tarball into a
// temp prefix, then the installed `genesys-oauth-shim` command: --version, lint, doctor --help, ensure and external
// against the simulator and moto. The tarball must be self-sufficient (the bundle and both modules, nothing that
// needs a build) and small (no TypeScript sources, no tests, no source maps).
//
// The package has no runtime dependencies (the bundle carries the AWS SDK, undici and ajv; lint parses HCL itself),
// so the install runs --offline and never reaches a registry: the test's traffic stays on 127.0.0.1.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runProcess, type ProcessResult } from "../support/processes.js";
import { startServices, type Services } from "../support/services.js";
import { repoRoot } from "../support/toolchain.js";

// Seeded, fixed ids of the simulator (docs/SIMULATOR.md).
const HOME_DIVISION = "00000000-0000-4000-8000-000000000001";
const EMPLOYEE_ROLE = "00000000-0000-4000-8000-0000000000a2";
const MAX_TARBALL_BYTES = 600_000;

const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { name: string; version: string };

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

describe("npm pack → npm install -g → genesys-oauth-shim", { timeout: 300_000 }, () => {
  let scratch: string;
  let packed: PackResult;
  let command: string;
  let services: Services;

  const npm = (args: string[], timeoutMs = 180_000): Promise<ProcessResult> =>
    runProcess("npm", [...args, "--no-audit", "--no-fund", "--no-update-notifier"], {
      cwd: repoRoot,
      // npm's own cache and config (HOME); no npm_config_* of whatever runs the suite
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LANG: "C.UTF-8" },
      timeoutMs,
    });

  const shim = (args: string[], env: NodeJS.ProcessEnv, cwd = scratch): Promise<ProcessResult> => runProcess(command, args, { cwd, env, timeoutMs: 90_000 });

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), "npm-package-"));
    const pack = await npm(["pack", "--json", "--pack-destination", scratch]);
    assert.equal(pack.code, 0, pack.stderr);
    packed = (JSON.parse(pack.stdout) as PackResult[])[0]!;

    const prefix = join(scratch, "prefix");
    const tarball = join(scratch, packed.filename);
    const install = await npm(["install", "-g", "--prefix", prefix, "--offline", tarball]);
    const mode = "--offline";
    assert.equal(install.code, 0, `npm install -g --offline failed\n${install.stderr}`);
    command = join(prefix, "bin", "genesys-oauth-shim");
    const installed = Number((await runProcess("du", ["-sk", prefix], { cwd: scratch, env: { PATH: process.env.PATH ?? "" } })).stdout.split("\t")[0]);
    console.log(`tarball ${packed.size} bytes (${packed.files.length} files, ${packed.unpackedSize} unpacked); installed ${mode}: ${installed} KiB`);
    services = await startServices();
  });

  after(async () => {
    await services?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("the tarball holds the command, the bundle and both modules, and nothing a user does not run", () => {
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { dependencies?: object };
    assert.deepEqual(manifest.dependencies ?? {}, {}, "no runtime dependency: an install needs no registry");
    const paths = packed.files.map((f) => f.path);
    for (const needed of [
      "package.json",
      "bin/genesys-oauth-shim.mjs",
      "terraform/modules/oauth-clients/shim/genesys-oauth-shim.mjs",
      "terraform/modules/oauth-clients/main.tf",
      "terraform/modules/oauth-client/main.tf",
    ]) {
      assert.ok(paths.includes(needed), `${needed} is in the tarball`);
    }
    const unwanted = paths.filter((p) => /^(src|test|bench|scripts|node_modules)\/|\.map$|\.ts$|(^|\/)\.terraform/.test(p));
    assert.deepEqual(unwanted, [], "sources, tests, maps and Terraform caches stay out of the tarball");
    assert.ok(packed.size < MAX_TARBALL_BYTES, `the tarball is ${packed.size} bytes (limit ${MAX_TARBALL_BYTES})`);
  });

  it("--version prints the package's version", async () => {
    const result = await shim(["--version"], { PATH: process.env.PATH ?? "" });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), pkg.version);
  });

  it("lint finds a secret-shaped output in a small .tf file (its parsers came with the install)", async () => {
    const dir = join(scratch, "lint-me");
    mkdirSync(dir);
    writeFileSync(join(dir, "main.tf"), 'variable "api_password" {\n  type = string\n}\n\noutput "password" {\n  value = var.api_password\n}\n');
    const result = await shim(["lint", "."], { PATH: process.env.PATH ?? "" }, dir);
    assert.equal(result.code, 2, `lint exits 2 when it has findings\n${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /^main\.tf:6:\d+ (error|warning) output_secret /m, "the output exposing var.api_password is found");
  });

  it("doctor --help prints its usage", async () => {
    const result = await shim(["doctor", "--help"], { PATH: process.env.PATH ?? "" });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Usage: genesys-oauth-shim doctor /);
  });

  it("ensure creates a client and stores its secret; external then returns the same ids; delete removes both", async () => {
    const query = {
      name: "installed-package",
      secret_name: "installed/package",
      role_divisions: JSON.stringify([{ role_id: EMPLOYEE_ROLE, division_id: HOME_DIVISION }]),
    };
    const env = services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
    const ensured = await shim(["ensure"], { ...env, GENESYS_OAUTH_SHIM_QUERY: JSON.stringify(query) });
    assert.equal(ensured.code, 0, ensured.stderr);
    assert.match(ensured.stdout + ensured.stderr, /OAuth client "installed-package" \([0-9a-f-]{36}\), secret installed\/package version \S+: created/);
    assert.ok((await services.simWriteCount()) > 0, "ensure wrote to Genesys");

    const external = await runProcess(command, ["external"], { cwd: scratch, env, stdin: JSON.stringify(query), timeoutMs: 90_000 });
    assert.equal(external.code, 0, external.stderr);
    const result = JSON.parse(external.stdout) as Record<string, string>;
    assert.equal(result.client_name, "installed-package");
    assert.match(result.secret_arn ?? "", /:secret:installed\/package-/);
    const clients = (await services.simClients()) as { id: string; name: string }[];
    assert.deepEqual(
      clients.filter((c) => c.name === "installed-package").map((c) => c.id),
      [result.client_id],
    );

    const removed = await shim(["delete"], { ...env, GENESYS_OAUTH_SHIM_SECRET_NAME: query.secret_name, GENESYS_OAUTH_SHIM_FORCE_DELETE: "true" });
    assert.equal(removed.code, 0, removed.stderr);
    const left = (await services.simClients()) as { name: string; state?: string }[];
    assert.equal(left.filter((c) => c.name === "installed-package").length, 0, "delete removed the client");
  });
});
