// Subcommands live in src/commands/ (argv, stdin, exit codes); the domain folders hold no CLI code, and the
// `external` command Terraform runs on every plan does not load the linter or the simulator.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));
// Every folder of src/ but commands/ (a new folder joins this list by the test below).
const DOMAIN_FOLDERS = readdirSync(SRC, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "commands")
  .map((entry) => entry.name);

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(full) : e.name.endsWith(".ts") ? [full] : [];
  });
}

/** Every file reachable from `entry` by static (non-type) imports. */
function staticImportClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/^import (?!type )[^;]*?from "(\.[^"]+)\.js";/gm)) {
      queue.push(path.resolve(path.dirname(file), `${match[1]}.ts`));
    }
  }
  return seen;
}

describe("subcommands", () => {
  it("each subcommand is one file in src/commands/ and the CLI loads each lazily", () => {
    const cli = readFileSync(path.join(SRC, "cli.ts"), "utf8");
    const files = readdirSync(path.join(SRC, "commands")).sort();
    assert.deepEqual(files, ["delete.ts", "doctor.ts", "ensure.ts", "external-many.ts", "external.ts", "lint.ts", "simulate.ts"]);
    for (const file of files) assert.match(cli, new RegExp(`load: \\(\\) => import\\("\\./commands/${file.replace(".ts", ".js")}"\\)`), file);
    assert.doesNotMatch(cli, /^import (?!type )/m, "cli.ts imports no command statically");
  });

  it("domain folders hold no CLI code (no argv, exit codes or command files)", () => {
    for (const folder of DOMAIN_FOLDERS) {
      for (const file of tsFiles(path.join(SRC, folder))) {
        const rel = path.relative(SRC, file);
        assert.doesNotMatch(path.basename(file), /(^|-)command\.ts$/, `${rel}: subcommands belong in src/commands/`);
        assert.doesNotMatch(readFileSync(file, "utf8"), /process\.(argv|exit\b|exitCode)/, `${rel}: argv and exit codes belong in src/commands/`);
      }
    }
  });

  it("`external` loads neither the linter nor the simulator", () => {
    const closure = [...staticImportClosure(path.join(SRC, "commands", "external.ts"))].map((f) => path.relative(SRC, f));
    assert.ok(closure.includes(path.join("reconcile", "ensure.ts")), "the walk follows imports");
    assert.deepEqual(
      closure.filter((f) => /^(lint|simulator|commands\/(?!external))/.test(f)),
      [],
    );
  });
});
