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

it("parser packages are loaded only by dynamic import; hcl2json from one module", async () => {
  for (const { file, text } of await sources(path.join(ROOT, "src/lint"))) {
    assert.doesNotMatch(text, /^import (?!type )[^;]*from "(?:web-tree-sitter|@cdktf\/hcl2json|@cdktn\/hcl2json|@tree-sitter-grammars\/[^"]*)"/m, file);
    if (file !== path.join("src", "lint", "hcl2json.ts")) assert.doesNotMatch(text, /hcl2json"/, file);
  }
});

it("rules neither read files nor format output", async () => {
  for (const { file, text } of await sources(path.join(ROOT, "src/lint/rules"))) {
    assert.doesNotMatch(text, /from "node:fs|from "\.\.\/report\/|process\.std(out|err)/, file);
  }
});
