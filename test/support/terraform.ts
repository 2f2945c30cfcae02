// Real Terraform in a throw-away workspace: hermetic CLI config (hashicorp/external and hashicorp/time from the
// local filesystem mirror only), HOME and TF_DATA_DIR in temp dirs, and an explicit environment (PATH plus what the test passes).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { minimalEnv, withEnv } from "./env.js";
import { describeOutput, runProcess } from "./processes.js";
import { MIRRORED_PROVIDERS, terraformBin, terraformMirrorDir } from "./toolchain.js";

export interface TerraformRunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface TerraformRunOptions {
  /** Added to the workspace environment for this run. */
  env?: Record<string, string | undefined>;
  /** Return non-zero exits instead of throwing. */
  allowFailure?: boolean;
  timeoutMs?: number;
}

export interface TerraformWorkspace {
  /** The working directory Terraform runs in (the root module). */
  dir: string;
  terraform: string;
  /** The environment every run starts from. */
  env: NodeJS.ProcessEnv;
  run(args: readonly string[], options?: TerraformRunOptions): Promise<TerraformRunResult>;
  writeFile(relativePath: string, content: string): void;
  cleanup(): void;
}

export interface WorkspaceOptions {
  /** Files to write, by path relative to the working directory. */
  files?: Record<string, string>;
  /** A directory whose contents are copied into the working directory first (without .terraform or state). */
  copyFrom?: string;
  /** Extra environment for every run (e.g. services.shimEnv()). */
  env?: Record<string, string | undefined>;
  /** For configurations that use no provider at all: do not require hashicorp/external in the mirror. */
  withoutExternalProvider?: boolean;
  /** The Terraform-compatible CLI to run (default terraformBin()). */
  terraform?: string;
  /** Keep the data dir at ./.terraform, as in a user's run, so path.module of installed modules is relative. */
  dataDirInWorkingDir?: boolean;
}

const SKIP_ON_COPY = new Set([".terraform", ".terraform.lock.hcl", "terraform.tfstate", "terraform.tfstate.backup"]);

function hcl(value: string): string {
  return JSON.stringify(value); // a JSON string is a valid HCL string literal
}

export function createTerraformWorkspace(options: WorkspaceOptions = {}): TerraformWorkspace {
  const terraform = options.terraform ?? terraformBin();
  const mirror = options.withoutExternalProvider ? undefined : terraformMirrorDir();
  const root = mkdtempSync(join(tmpdir(), "tf-ws-"));
  const dir = join(root, "work");
  const home = join(root, "home");
  const dataDir = join(root, "tf-data");
  mkdirSync(dir);
  mkdirSync(home);
  const cliConfig = join(root, "terraform.tfrc");
  // Offline: hashicorp/external (and hashicorp/time) from the mirror, under both registries' addresses (OpenTofu
  // looks them up as registry.opentofu.org/hashicorp/...). Without a mirror, init installs them from the public registry.
  writeFileSync(
    cliConfig,
    mirror === undefined
      ? ""
      : [
          "provider_installation {",
          "  filesystem_mirror {",
          `    path    = ${hcl(mirror)}`,
          `    include = ${JSON.stringify(MIRRORED_PROVIDERS.flatMap((p) => [`registry.terraform.io/hashicorp/${p}`, `registry.opentofu.org/hashicorp/${p}`]))}`,
          "  }",
          "}",
          "",
        ].join("\n"),
  );
  if (options.copyFrom !== undefined) {
    cpSync(options.copyFrom, dir, { recursive: true, filter: (source) => !SKIP_ON_COPY.has(basename(source)) });
  }
  const writeFile = (relativePath: string, content: string): void => {
    const file = join(dir, relativePath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  };
  for (const [path, content] of Object.entries(options.files ?? {})) writeFile(path, content);

  const env = minimalEnv({
    ...options.env,
    HOME: home,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_DATA_DIR: options.dataDirInWorkingDir ? undefined : dataDir,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
  });

  return {
    dir,
    terraform,
    env,
    writeFile,
    async run(args, runOptions = {}) {
      const result = await runProcess(terraform, args, {
        cwd: dir,
        env: withEnv(env, runOptions.env),
        timeoutMs: runOptions.timeoutMs ?? 180_000,
      });
      if (result.code !== 0 && !runOptions.allowFailure) {
        throw new Error(`terraform ${args.join(" ")} failed in ${dir}\n${describeOutput(result)}`);
      }
      return { code: result.code, stdout: result.stdout, stderr: result.stderr };
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
