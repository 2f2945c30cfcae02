import { parseArgs } from "node:util";

/**
 * The arguments of a command whose input comes on stdin or in the environment: only -h/--help. Parsed with
 * node:util's parseArgs, as every command's are. Returns whether help was asked for; throws on anything else,
 * saying where the input goes instead.
 */
export function parseHelpOnly(command: string, argv: string[], inputComesFrom: string): boolean {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options: { help: { type: "boolean", short: "h", default: false } } }).values.help;
  } catch {
    throw new Error(`"${command}" takes no arguments but -h/--help (got: ${argv.join(" ")}); ${inputComesFrom}`);
  }
}
