// The validator against tflint, side by side in one run: the real-world corpus (../shared/corpus, 293 files of
// public Terraform), the start-up on one small file, and one generated file of 1 MB and of 5 MB (the size of a
// Genesys tf_export of a large org; issue 18 asks for <= 6 s and <= 600 MiB at 5 MB). tflint (with its bundled terraform ruleset, no plugins) is
// built from the Go module proxy into .cache/bin on first use, for the benchmark only (TFLINT_BIN overrides it).
import { existsSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProcess } from "../test/support/processes.js";
import { cacheDir, sharedDir } from "../test/support/toolchain.js";
import { interleaved, medians, pairedRatio, table, timeProcess, type ProcessSample } from "./measure.js";

export const TFLINT_VERSION = "0.64.0";

async function tflintBin(): Promise<string> {
  if (process.env.TFLINT_BIN) return process.env.TFLINT_BIN;
  const bin = join(cacheDir, "bin", `tflint-${TFLINT_VERSION}`);
  if (existsSync(bin)) return bin;
  const gobin = join(cacheDir, "tflint-build");
  mkdirSync(gobin, { recursive: true });
  console.log(`   (building tflint ${TFLINT_VERSION} from the Go module proxy into ${bin}, once)`);
  const env = { ...process.env, GOBIN: gobin, GOFLAGS: "-modcacherw", CGO_ENABLED: "0" };
  const built = await runProcess("go", ["install", `github.com/terraform-linters/tflint@v${TFLINT_VERSION}`], { env, timeoutMs: 900_000 });
  if (built.code !== 0) throw new Error(`go install tflint failed:\n${built.stderr.slice(-2000)}`);
  renameSync(join(gobin, "tflint"), bin);
  return bin;
}

export interface LintFigures {
  name: string;
  files: string;
  ours: ProcessSample[];
  tflint: ProcessSample[];
}

/** Interleaved runs of `genesys-oauth-shim lint` and `tflint` over the same directory, findings or not (exit 2). */
async function compare(
  name: string,
  files: string,
  dir: string,
  tflintArgs: string[],
  runs: number,
  lintCommand: string[],
  tflint: string,
): Promise<LintFigures> {
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir() };
  const okCodes = [0, 2];
  const samples = await interleaved(runs, {
    ours: async () => (await timeProcess([...lintCommand, "lint", ".", "--format", "json"], { env, cwd: dir, okCodes })).sample,
    tflint: async () => (await timeProcess([tflint, ...tflintArgs, "--format", "compact"], { env, cwd: dir, okCodes })).sample,
  });
  return { name, files, ...samples };
}

/**
 * A tf_export-like file of about `bytes` bytes, the same every time: queues with nested blocks and references,
 * users, data actions with JSONPath translation maps and Velocity templates, flows with heredocs, and every 50th
 * block a secret flow (a sensitive variable into an output and an argument) so the rules have findings to report.
 */
export function generatedTf(bytes: number): string {
  const parts: string[] = [
    'variable "client_secret" {\n  type      = string\n  sensitive = true\n}\n\nvariable "env" {\n  type    = string\n  default = "prod"\n}\n\n',
  ];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    let block = `resource "genesyscloud_routing_queue" "queue_${i}" {
  name                     = "Queue ${i} \${var.env}"
  description              = "Generated queue ${i}"
  acw_wrapup_prompt        = "MANDATORY_TIMEOUT"
  acw_timeout_ms           = ${300000 + i}
  skill_evaluation_method  = "ALL"
  enable_transcription     = ${i % 2 === 0}
  default_script_ids       = { CALL = "script-${i}" }
  wrapup_codes             = [genesyscloud_routing_wrapupcode.code_${i}.id]
  members = [for m in local.members : { user_id = m.id, ring_num = 1 } if m.queue == ${i % 13}]
  media_settings_call {
    alerting_timeout_sec      = 8
    service_level_duration_ms = 20000
    service_level_percentage  = 0.8
  }
}

resource "genesyscloud_routing_wrapupcode" "code_${i}" {
  name = "Code ${i}"
}

resource "genesyscloud_user" "user_${i}" {
  email       = "user${i}@example.com"
  name        = "User ${i}"
  state       = "active"
  manager     = ${i > 0 ? `genesyscloud_user.user_${i - 1}.id` : "null"}
  addresses {
    phone_numbers {
      number     = "+1317555${String(i % 10000).padStart(4, "0")}"
      media_type = "PHONE"
      type       = "WORK"
    }
  }
}

resource "genesyscloud_integration_action" "action_${i}" {
  name           = "Lookup ${i}"
  category       = "Lookups"
  integration_id = "integration-${i % 17}"
  contract_input = jsonencode({ type = "object", properties = { id = { type = "string" } } })
  config_request {
    request_url_template = "/api/v2/users/$\${input.id}"
    request_type         = "GET"
  }
  config_response {
    translation_map  = { access_token = "$.token", name = "$.name" }
    success_template = "{ \\"name\\": $\${name} }"
  }
}

resource "genesyscloud_flow" "flow_${i}" {
  filepath          = "flows/flow_${i}.yaml"
  substitutions = {
    flow_name = "Flow ${i}"
    queue_id  = genesyscloud_routing_queue.queue_${i}.id
  }
  description = <<-EOT
    Generated flow ${i}.
    Routes to \${genesyscloud_routing_queue.queue_${i}.name}.
  EOT
}

`;
    if (i % 50 === 0)
      block += `output "leak_${i}" {\n  value = var.client_secret\n}\n\nresource "terraform_data" "copy_${i}" {\n  input = var.client_secret != "" ? "set" : "unset"\n}\n\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join("");
}

export async function measureLint(root: string, runs: number): Promise<LintFigures[]> {
  const tflint = await tflintBin();
  const lintCommand = [process.execPath, join(root, "bin", "genesys-oauth-shim.mjs")];
  const shared = sharedDir();
  if (shared === undefined) throw new Error("no ../shared/corpus beside this checkout (scripts/shared-dir.sh)");
  const small = mkdtempSync(join(tmpdir(), "shim-bench-lint-"));
  writeFileSync(join(small, "main.tf"), 'variable "name" {\n  type = string\n}\n\noutput "name" {\n  value = var.name\n}\n');
  const figures = [
    await compare("../shared/corpus", "293 .tf", join(shared, "corpus"), ["--recursive"], runs, lintCommand, tflint),
    await compare("one small file", "1 .tf", small, [], runs, lintCommand, tflint),
  ];
  for (const mb of [1, 5]) {
    const dir = mkdtempSync(join(tmpdir(), `shim-bench-lint-${mb}mb-`));
    writeFileSync(join(dir, "main.tf"), generatedTf(mb * 1024 * 1024));
    figures.push(await compare(`generated ${mb} MB`, "1 .tf", dir, [], runs, lintCommand, tflint));
  }
  return figures;
}

export function formatLint(figures: LintFigures[]): string {
  const rows = figures.flatMap((f) => {
    const ours = medians(f.ours);
    const theirs = medians(f.tflint);
    const ratio = (pick: (s: ProcessSample) => number) => `${pairedRatio(f.ours, f.tflint, pick).toFixed(2)}x`;
    return [
      [f.name, f.files, "genesys-oauth-shim lint", ours.wallS.toFixed(3), ours.cpuS.toFixed(3), ours.peakRssMiB.toFixed(1)],
      ["", "", `tflint ${TFLINT_VERSION}`, theirs.wallS.toFixed(3), theirs.cpuS.toFixed(3), theirs.peakRssMiB.toFixed(1)],
      ["", "", "ratio (median of pairs)", ratio((s) => s.wallS), ratio((s) => s.cpuS), ratio((s) => s.peakRssMiB)],
    ];
  });
  const growth = linearity(figures);
  return table(["input", "files", "", "wall s", "CPU s", "peak RSS MiB"], rows) + (growth ? `\n${growth}` : "");
}

/** How lint's cost grows from the 1 MB to the 5 MB file: linear is 5x, quadratic 25x (printed, never asserted). */
function linearity(figures: LintFigures[]): string | undefined {
  const one = figures.find((f) => f.name === "generated 1 MB");
  const five = figures.find((f) => f.name === "generated 5 MB");
  if (!one || !five) return undefined;
  const [a, b] = [medians(one.ours), medians(five.ours)];
  return `growth 1 MB -> 5 MB: wall ${(b.wallS / a.wallS).toFixed(1)}x, CPU ${(b.cpuS / a.cpuS).toFixed(1)}x, peak RSS ${(b.peakRssMiB / a.peakRssMiB).toFixed(1)}x (linear: 5x; quadratic: 25x)`;
}

// `node --import tsx bench/lint.ts [runs]` runs this section alone (make build first); `make bench` runs it as section 4.
if (process.argv[1]?.endsWith("bench/lint.ts")) {
  const { loadavg, cpus } = await import("node:os");
  const { fileURLToPath } = await import("node:url");
  const runs = Number(process.argv[2] ?? 5);
  console.log(
    `lint vs tflint ${TFLINT_VERSION}, ${runs} interleaved pairs after one warm-up pair; load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(", ")} on ${cpus().length} CPUs`,
  );
  console.log(formatLint(await measureLint(fileURLToPath(new URL("..", import.meta.url)), runs)));
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(", ")}`,
  );
}
