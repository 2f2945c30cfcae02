// `genesys-oauth-shim lint`: parse options, run the rules, print one report, return tflint's exit codes
// (0 clean, 2 findings at or above --min-severity, 1 the linter failed).
import { parseArgs, USAGE, UsageError } from "../lint/args.js";
import { PathError } from "../lint/files.js";
import { formatJson } from "../lint/report/json.js";
import { formatSarif } from "../lint/report/sarif.js";
import { formatText } from "../lint/report/text.js";
import type { Rule } from "../lint/rule.js";
import { RULES, RULE_IDS } from "../lint/rules/index.js";
import { lint } from "../lint/runner.js";

declare const __SHIM_VERSION__: string | undefined;
const VERSION = typeof __SHIM_VERSION__ === "string" ? __SHIM_VERSION__ : "0.0.0-dev";

export function selectRules(enable: string[], disable: string[]): Rule[] {
  const unknown = [...enable, ...disable].filter((id) => !RULE_IDS.includes(id));
  if (unknown.length > 0) throw new UsageError(`unknown rule ${unknown.map((u) => `"${u}"`).join(", ")}; valid rules: ${RULE_IDS.join(", ")}`);
  return RULES.filter((r) => (enable.length === 0 || enable.includes(r.id)) && !disable.includes(r.id));
}

export async function run(argv: string[]): Promise<number> {
  const code = await lintCommand(argv);
  // Once the report is written nothing else is pending: exit without waiting for timers a dependency may keep.
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}

async function lintCommand(argv: string[]): Promise<number> {
  let args;
  let rules: Rule[];
  try {
    args = parseArgs(argv);
    rules = selectRules(args.enable, args.disable);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`genesys-oauth-shim lint: ${error.message}\n\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.listRules) {
    for (const r of RULES) process.stdout.write(`${r.id.padEnd(38)} ${r.severity.padEnd(8)} ${r.description}\n`);
    return 0;
  }
  let result;
  try {
    result = await lint({ paths: args.paths, cwd: process.cwd(), rules, minSeverity: args.minSeverity });
  } catch (error) {
    if (!(error instanceof PathError)) throw error;
    process.stderr.write(`genesys-oauth-shim lint: ${error.message}\n`);
    return 1;
  }
  const output =
    args.format === "json"
      ? formatJson(result)
      : args.format === "sarif"
        ? formatSarif(result, rules, VERSION)
        : formatText(result, process.stdout.isTTY === true && !process.env.NO_COLOR);
  await new Promise<void>((resolve) => process.stdout.write(output, () => resolve()));
  if (result.errors.length > 0) {
    if (args.format !== "text")
      for (const e of result.errors) process.stderr.write(`${e.file}:${e.position.line}:${e.position.column}: could not parse: ${e.message}\n`);
    return 1;
  }
  return result.findings.length > 0 ? 2 : 0;
}
