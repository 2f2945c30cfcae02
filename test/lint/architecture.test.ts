// Guards the constraints the bundle and the design rely on.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { it } from "node:test";
import { ROOT } from "./helpers.js";

async function sources(dir: string): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(full)));
    else if (e.name.endsWith(".ts")) out.push({ file: path.relative(ROOT, full), text: await readFile(full, "utf8") });
  }
  return out;
}

it("lint parses HCL itself: no parser package, no WebAssembly (the bundle lints from a copy with no node_modules)", async () => {
  for (const { file, text } of await sources(path.join(ROOT, "src/lint"))) {
    assert.doesNotMatch(text, /(?:from|import\() ?"(?:web-tree-sitter|@cdktf\/hcl2json|@cdktn\/hcl2json|@tree-sitter-grammars\/[^"]*)"/, file);
  }
});

it("rules neither read files nor format output", async () => {
  for (const { file, text } of await sources(path.join(ROOT, "src/lint/rules"))) {
    assert.doesNotMatch(text, /from "node:fs|from "\.\.\/report\/|process\.std(out|err)/, file);
  }
});
