// Shared by the end-to-end tests: terraform/examples/local in a throw-away workspace, run by real Terraform with
// HashiCorp's hashicorp/external from the offline mirror, against the simulator and moto (test/support/services.ts).
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { Services } from "../support/services.js";
import { createTerraformWorkspace, type TerraformRunOptions, type TerraformRunResult, type TerraformWorkspace } from "../support/terraform.js";
import { repoRoot } from "../support/toolchain.js";

export { SHIM_BUNDLE } from "../support/shim.js";
export const LOCAL_EXAMPLE = join(repoRoot, "terraform", "examples", "local");
export const MODULE_DIR = join(repoRoot, "terraform", "modules", "oauth-client");

/** Every run's output, in order, so tests can scan all of it (the leak canary) and show it on failure. */
export interface RecordedRun extends TerraformRunResult {
  args: readonly string[];
}

export interface ExampleWorkspace {
  ws: TerraformWorkspace;
  /** The workspace's temp root: work dir, HOME, TF_DATA_DIR, CLI config (and whatever a test adds). */
  root: string;
  runs: RecordedRun[];
  tf(args: readonly string[], options?: TerraformRunOptions): Promise<TerraformRunResult>;
  outputs(): Promise<Record<string, string>>;
}

/**
 * A copy of terraform/examples/local whose module sources point back at terraform/modules/oauth-client (the copy
 * lives elsewhere, so the example's relative "../../modules/oauth-client" is rewritten), run with services.shimEnv().
 */
export function localExampleWorkspace(services: Services, options: { terraform?: string } = {}): ExampleWorkspace {
  const ws = createTerraformWorkspace({
    copyFrom: LOCAL_EXAMPLE,
    env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }),
    ...(options.terraform ? { terraform: options.terraform } : {}),
  });
  const main = readFileSync(join(ws.dir, "main.tf"), "utf8");
  const source = relative(ws.dir, MODULE_DIR);
  const rewritten = main.replaceAll('"../../modules/oauth-client"', JSON.stringify(source));
  assert.notEqual(rewritten, main, "examples/local/main.tf should use ../../modules/oauth-client");
  ws.writeFile("main.tf", rewritten);

  const runs: RecordedRun[] = [];
  const tf = async (args: readonly string[], options: TerraformRunOptions = {}): Promise<TerraformRunResult> => {
    const result = await ws.run(args, { ...options, allowFailure: true });
    runs.push({ args, ...result });
    if (result.code !== 0 && !options.allowFailure) {
      throw new Error(`terraform ${args.join(" ")} exited ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`);
    }
    return result;
  };
  return {
    ws,
    root: dirname(ws.dir),
    runs,
    tf,
    async outputs() {
      const { stdout } = await tf(["output", "-json"]);
      const parsed = JSON.parse(stdout) as Record<string, { value: unknown; sensitive: boolean }>;
      return Object.fromEntries(Object.entries(parsed).map(([name, o]) => [name, String(o.value)]));
    },
  };
}

/** -var arguments from a map. */
export function vars(values: Record<string, string | number>): string[] {
  return Object.entries(values).flatMap(([name, value]) => ["-var", `${name}=${value}`]);
}

export {
  deleteClientAsAdmin,
  describeSecret,
  getClient,
  readStoredDocument,
  tokenStatus,
  writeCounts,
  type ApiClient,
  type StoredDocument,
} from "../support/inspect.js";

// --- Leak scanning ------------------------------------------------------------------------------------------------

export interface Hit {
  where: string;
  line: number;
}

/** Lines of `text` that contain `needle` (needle itself is never reported). */
export function findInText(where: string, text: string, needle: string): Hit[] {
  const hits: Hit[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.includes(needle)) hits.push({ where, line: index + 1 });
  });
  return hits;
}

/** Every regular file under dir, recursively (symlinks followed; directories entered once). */
export function filesUnder(dir: string): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const walk = (d: string): void => {
    const key = statSync(d).ino + ":" + statSync(d).dev;
    if (seen.has(key)) return;
    seen.add(key);
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(path);
      else if (stat?.isFile()) files.push(path);
    }
  };
  walk(dir);
  return files;
}

/** Scans every file under dir (as latin1, so binaries are scanned byte for byte). */
export function scanDirectory(dir: string, needle: string): { files: number; hits: Hit[] } {
  const files = filesUnder(dir);
  const hits = files.flatMap((file) => findInText(relative(dir, file), readFileSync(file, "latin1"), needle));
  return { files: files.length, hits };
}
