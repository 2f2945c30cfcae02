// The module as users source it: a relative path, an absolute path to the modules folder with //subdir (Terraform
// copies that package), a git repository with //subdir, and a tarball of only the modules folder with //subdir
// served over loopback HTTP. oauth-client calls ../oauth-clients, so a source is a package holding both folders. Each one applies,
// plans clean, stores no absolute path in state, and destroys. A checkout that moves between runs (as CI runners
// do) plans clean and destroys from its new place. read_only switches without being a change.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startServices, type Services } from "../support/services.js";
import { createTerraformWorkspace, type TerraformWorkspace } from "../support/terraform.js";
import { terraformBinaries } from "../support/toolchain.js";
import { describeSecret, getClient, MODULE_DIR, readStoredDocument, tokenStatus, writeCounts } from "./helpers.js";

// Seeded, fixed ids of the simulator (docs/SIMULATOR.md).
const HOME_DIVISION = "00000000-0000-4000-8000-000000000001";
const EMPLOYEE_ROLE = "00000000-0000-4000-8000-0000000000a2";

function rootConfig(source: string, key: string, binaryKey: string): string {
  return `module "app" {
  source = ${JSON.stringify(source)}

  name           = "sourcing-${key}"
  description    = var.description
  role_divisions = [{ role_id = "${EMPLOYEE_ROLE}", division_id = "${HOME_DIVISION}" }]
  secret_name    = "sourcing/${binaryKey}/${key}"
  read_only      = var.read_only

  aws_region              = "us-east-1"
  recovery_window_in_days = 0
}

variable "description" {
  type    = string
  default = "sourced as ${key}"
}

variable "read_only" {
  type    = bool
  default = false
}

output "client_id" {
  value = module.app.client_id
}

output "secret_arn" {
  value = module.app.secret_arn
}
`;
}

/** Copies only the modules folder (what a registry, a tarball or a vendored copy carries), without caches. */
function copyModulesFolder(to: string): void {
  cpSync(dirname(MODULE_DIR), to, { recursive: true, filter: (source) => !/[/\\](\.terraform|\.terraform\.lock\.hcl)$/.test(source) });
}

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main", ...args], { cwd, stdio: "pipe" });
}

/** A git repository holding the module at terraform/modules/oauth-client, as this project's own repository does. */
function gitRepositoryWithModule(root: string): string {
  const repo = join(root, "repo");
  copyModulesFolder(join(repo, "terraform", "modules"));
  git(repo, "init", "-q");
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "module");
  git(repo, "tag", "v0.0.0-test");
  return repo;
}

/** modules.tar.gz holding only the modules folder's contents, served from 127.0.0.1. */
async function serveModulesTarball(root: string): Promise<{ url: string; server: Server }> {
  const folder = join(root, "tarball-src");
  copyModulesFolder(folder);
  const tarball = join(root, "modules.tar.gz");
  execFileSync("tar", ["-czf", tarball, "-C", folder, "."]);
  const bytes = readFileSync(tarball);
  const server = createServer((request, response) => {
    if (request.url !== "/modules.tar.gz") return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": "application/gzip", "content-length": bytes.length }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/modules.tar.gz`, server };
}

for (const binary of terraformBinaries()) {
  describe(`${binary.label}: module sourcing styles (simulator, moto)`, { timeout: 600_000 }, () => {
    let services: Services;
    let scratch: string;
    let tarballServer: Server | undefined;
    const workspaces: TerraformWorkspace[] = [];

    before(async () => {
      services = await startServices();
      scratch = mkdtempSync(join(tmpdir(), "tf-sourcing-"));
    });

    after(async () => {
      for (const ws of workspaces) {
        await ws.run(["destroy", "-auto-approve", "-input=false", "-no-color"], { allowFailure: true }).catch(() => undefined);
        ws.cleanup();
      }
      tarballServer?.close();
      rmSync(scratch, { recursive: true, force: true });
      await services?.close();
    });

    /** A workspace whose data dir is the usual ./.terraform, so path.module is what a user's run sees. */
    function workspace(source: string, key: string, extraFiles: Record<string, string> = {}): TerraformWorkspace {
      const ws = createTerraformWorkspace({
        files: { "main.tf": rootConfig(source, key, binary.label.replace(/[^a-z0-9.]+/gi, "-")), ...extraFiles },
        env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }),
        dataDirInWorkingDir: true,
        terraform: binary.path,
      });
      workspaces.push(ws);
      return ws;
    }

    const run = (ws: TerraformWorkspace, ...args: string[]) => ws.run([...args, "-input=false", "-no-color"]);

    async function outputsOf(ws: TerraformWorkspace): Promise<Record<string, string>> {
      const parsed = JSON.parse((await ws.run(["output", "-json"])).stdout) as Record<string, { value: string }>;
      return Object.fromEntries(Object.entries(parsed).map(([name, o]) => [name, o.value]));
    }

    /** apply, a clean plan, a working stored secret, no absolute path in state, then destroy. */
    async function fullCycle(ws: TerraformWorkspace): Promise<void> {
      await run(ws, "init");
      await run(ws, "apply", "-auto-approve");
      const outputs = await outputsOf(ws);
      const doc = await readStoredDocument(services, outputs.secret_arn!);
      assert.equal(doc.client_id, outputs.client_id);
      assert.equal(await tokenStatus(services, doc.client_id, doc.client_secret), 200, "the stored secret obtains a token");

      const plan = await ws.run(["plan", "-detailed-exitcode", "-input=false", "-no-color"], { allowFailure: true });
      assert.equal(plan.code, 0, `a second plan has no changes\n${plan.stdout}${plan.stderr}`);

      const state = readFileSync(join(ws.dir, "terraform.tfstate"), "utf8");
      for (const absolute of [ws.dir, scratch, MODULE_DIR, tmpdir() + "/"]) {
        assert.ok(!state.includes(absolute), `state holds the absolute path ${absolute}`);
      }

      const destroy = await run(ws, "destroy", "-auto-approve");
      assert.match(destroy.stdout, /Destroy complete!/);
      assert.equal(await getClient(services, outputs.client_id!), undefined, "destroy deleted the client");
      const secret = await describeSecret(services, outputs.secret_arn!);
      assert.ok(
        ("error" in secret && secret.error === "ResourceNotFoundException") || (!("error" in secret) && secret.DeletedDate instanceof Date),
        `destroy deleted the secret: ${JSON.stringify(secret)}`,
      );
    }

    it("a relative path (./modules/oauth-client)", async () => {
      const ws = workspace("./modules/oauth-client", "relative");
      copyModulesFolder(join(ws.dir, "modules"));
      await fullCycle(ws);
    });

    it("an absolute path to the modules folder with //oauth-client (Terraform copies that package)", async () => {
      const folder = join(scratch, "absolute", "modules");
      copyModulesFolder(folder);
      await fullCycle(workspace(`${folder}//oauth-client`, "absolute"));
    });

    it("a git repository with //subdir and ?ref", async () => {
      const repo = gitRepositoryWithModule(join(scratch, "git"));
      await fullCycle(workspace(`git::file://${repo}//terraform/modules/oauth-client?ref=v0.0.0-test`, "git"));
    });

    it("a tarball of only the modules folder with //oauth-client, over HTTP from 127.0.0.1", async () => {
      const served = await serveModulesTarball(join(scratch, "tarball"));
      tarballServer = served.server;
      await fullCycle(workspace(`${served.url}//oauth-client`, "tarball"));
    });

    it("a checkout that moves between runs plans clean and destroys from its new place", async () => {
      const original = workspace("./modules/oauth-client", "moved");
      copyModulesFolder(join(original.dir, "modules"));
      await run(original, "init");
      await run(original, "apply", "-auto-approve");
      const outputs = await outputsOf(original);

      // The CI runner of the next job: the same files (state included) at another path, a fresh init.
      const moved = workspace("./modules/oauth-client", "moved");
      rmSync(moved.dir, { recursive: true });
      cpSync(original.dir, moved.dir, { recursive: true, filter: (source) => !source.endsWith(`${original.dir}/.terraform`) });
      rmSync(original.dir, { recursive: true });
      mkdirSync(original.dir); // nothing left to destroy at the old place
      await run(moved, "init");
      const plan = await moved.run(["plan", "-detailed-exitcode", "-input=false", "-no-color"], { allowFailure: true });
      assert.equal(plan.code, 0, `the moved checkout plans clean\n${plan.stdout}${plan.stderr}`);
      const destroy = await run(moved, "destroy", "-auto-approve");
      assert.match(destroy.stdout, /Destroy complete!/);
      assert.equal(await getClient(services, outputs.client_id!), undefined, "the destroy hook ran from the new place");
    });

    it("read_only: switching it is not a change; a read-only plan of an existing client writes nothing", async () => {
      const ws = workspace("./modules/oauth-client", "read-only");
      copyModulesFolder(join(ws.dir, "modules"));
      await run(ws, "init");
      await run(ws, "apply", "-auto-approve");

      const before = await writeCounts(services);
      const readOnlyPlan = await ws.run(["plan", "-detailed-exitcode", "-input=false", "-no-color", "-var", "read_only=true"], { allowFailure: true });
      assert.equal(readOnlyPlan.code, 0, `read_only=true is no change and the read succeeds\n${readOnlyPlan.stdout}${readOnlyPlan.stderr}`);
      assert.deepEqual(await writeCounts(services), before, "a read-only plan wrote nothing");

      const changed = await ws.run(["plan", "-input=false", "-no-color", "-var", "read_only=true", "-var", "description=changed"], { allowFailure: true });
      assert.equal(changed.code, 0, changed.stdout + changed.stderr);
      assert.match(changed.stdout, /module\.app\.module\.clients\.terraform_data\.ensure\["this"\] must be replaced/, "the plan shows the pending change");
      assert.deepEqual(await writeCounts(services), before, "a read-only plan of a changed client wrote nothing");

      const apply = await ws.run(["apply", "-auto-approve", "-input=false", "-no-color", "-var", "read_only=true", "-var", "description=changed"], {
        allowFailure: true,
      });
      assert.notEqual(apply.code, 0, "a read-only apply that needs a write fails");
      assert.match((apply.stdout + apply.stderr).replace(/\s+/g, " "), /read-only mode: nothing was written, but an apply would: update OAuth client/);
      assert.deepEqual(await writeCounts(services), before, "the read-only apply wrote nothing to Genesys or Secrets Manager");
    });
  });
}
