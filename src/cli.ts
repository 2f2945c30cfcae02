#!/usr/bin/env node
// Entry point: one subcommand per file in src/commands/. Each exports run(argv) → exit code and is loaded
// lazily, so `external` (run by Terraform on every plan) never pays for the linter or the simulator.
type Command = { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> };

const commands: Record<string, Command> = {
  external: {
    summary: "Terraform `external` program: ensure the OAuth client and its secret (stdin JSON → stdout JSON)",
    load: () => import("./commands/external.js"),
  },
  "external-many": {
    summary: "Terraform `external` program of the oauth-clients module: ensure many OAuth clients in one run",
    load: () => import("./commands/external-many.js"),
  },
  ensure: { summary: "The modules' apply-time step: ensure one OAuth client and its secret, print what was done", load: () => import("./commands/ensure.js") },
  delete: { summary: "Deactivate and delete an OAuth client, then its secret if it still belongs to that client", load: () => import("./commands/delete.js") },
  lint: { summary: "Find Terraform code that would put secrets into state", load: () => import("./commands/lint.js") },
  doctor: {
    summary: "Check credentials, region and permissions before the first apply (read-only unless --write-check)",
    load: () => import("./commands/doctor.js"),
  },
  simulate: { summary: "Run the local Genesys Cloud OAuth API simulator (for tests and the demo; not Genesys)", load: () => import("./commands/simulate.js") },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: genesys-oauth-shim <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `genesys-oauth-shim <command> --help` for a command's options.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage() + "\n");
    return name === undefined ? 1 : 0;
  }
  if (name === "--version" || name === "version") {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`genesys-oauth-shim: unknown command "${name}"; expected one of: ${Object.keys(commands).join(", ")}\n\n${usage()}\n`);
    return 1;
  }
  const module = await command.load();
  return module.run(rest);
}

declare const __SHIM_VERSION__: string | undefined;
const VERSION = typeof __SHIM_VERSION__ === "string" ? __SHIM_VERSION__ : "0.0.0-dev";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Last resort only: every command reports its own errors through the redaction path before returning.
    process.stderr.write(`genesys-oauth-shim: internal error: ${error instanceof Error ? error.name : "unknown"}\n`);
    process.exitCode = 1;
  },
);
