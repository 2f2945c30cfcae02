// Command-line options of `genesys-oauth-shim lint`.
import type { Severity } from "./model.js";

export type Format = "text" | "json" | "sarif";

export interface LintArgs {
  paths: string[];
  format: Format;
  minSeverity: Severity;
  enable: string[];
  disable: string[];
  help: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: genesys-oauth-shim lint [paths...] [options]

Find Terraform code that would put secrets into state, logs or process listings.
Lints .tf and .tf.json files under the paths (default: .), recursively, skipping .terraform/.

Options:
  --format text|json|sarif             output format (default: text)
  --min-severity error|warning|notice  report only findings at or above this severity (default: notice)
  --enable rule[,rule...]              run only these rules (repeatable)
  --disable rule[,rule...]             do not run these rules (repeatable)
  --list-rules                         print the rules and exit
  -h, --help                           show this help

Suppress a finding with "# genesys-oauth-shim-ignore: rule_id  # reason" on its line or the line above,
or "# genesys-oauth-shim-ignore-file: rule_id" at the top of a file.

Exit codes: 0 no findings at or above --min-severity, 2 findings, 1 the linter failed
(bad arguments, unreadable or unparseable file).
`;

const FORMATS: readonly Format[] = ["text", "json", "sarif"];
const SEVERITIES: readonly Severity[] = ["error", "warning", "notice"];

export function parseArgs(argv: string[]): LintArgs & { listRules: boolean } {
  const args: LintArgs & { listRules: boolean } = { paths: [], format: "text", minSeverity: "notice", enable: [], disable: [], help: false, listRules: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string => {
      if (eq > 0) return raw.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "-h":
      case "--help":
        args.help = true;
        break;
      case "--list-rules":
        args.listRules = true;
        break;
      case "--format":
      case "-f": {
        const v = value();
        if (!FORMATS.includes(v as Format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got "${v}"`);
        args.format = v as Format;
        break;
      }
      case "--min-severity":
      case "--minimum-failure-severity": {
        const v = value();
        if (!SEVERITIES.includes(v as Severity)) throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(", ")}, got "${v}"`);
        args.minSeverity = v as Severity;
        break;
      }
      case "--enable":
      case "--enable-rule":
        args.enable.push(
          ...value()
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
        );
        break;
      case "--disable":
      case "--disable-rule":
        args.disable.push(
          ...value()
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
        );
        break;
      case "--":
        args.paths.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (raw.startsWith("-") && raw !== "-") throw new UsageError(`unknown option ${raw}`);
        args.paths.push(raw);
    }
  }
  if (args.paths.length === 0) args.paths.push(".");
  return args;
}
