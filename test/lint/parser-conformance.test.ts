// The linter's own HCL parser against HashiCorp's (hcl2json: the HCL Go library compiled to WebAssembly, still a
// dependency of scripts/module-docs.mjs): every attribute value of every .tf file in ../shared/corpus, the lint
// fixtures and terraform/ must come out the same, in the Terraform JSON shape the rules read.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { it } from "node:test";
import { parseHclFile, type ParsedBlock } from "../../src/lint/hcl-parser.js";
import { valueOf } from "../../src/lint/hcl-value.js";
import { sharedDir } from "../support/toolchain.js";
import { ROOT } from "./helpers.js";

function tfFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === ".terraform" || name === "node_modules" || name === ".git") continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) tfFiles(full, out);
    else if (name.endsWith(".tf")) out.push(full);
  }
  return out;
}

type Json = Record<string, unknown>;

/** Our tree in hcl2json's shape: type → label → … → [body], bodies holding attributes and nested blocks. */
function shape(blocks: ParsedBlock[], text: string): Json {
  const out: Json = {};
  for (const b of blocks) {
    const body: Json = {};
    for (const a of b.attributes) body[a.name] = valueOf(a.expr, text);
    Object.assign(body, mergeNested(body, shape(b.blocks, text)));
    let node = out as Json;
    const keys = [b.type, ...b.labels];
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Json;
    const last = keys[keys.length - 1]!;
    ((node[last] ??= []) as unknown[]).push(body);
  }
  return out;
}

function mergeNested(body: Json, nested: Json): Json {
  return { ...body, ...nested };
}

it("our parser and HashiCorp's HCL give the same values for every attribute of every file", async (t) => {
  const { parse } = (await import("@cdktf/hcl2json")) as unknown as { parse(name: string, text: string): Promise<Json> };
  const shared = sharedDir();
  const dirs = [path.join(ROOT, "test/lint/fixtures"), path.join(ROOT, "terraform"), ...(shared ? [path.join(shared, "corpus")] : [])];
  const files = dirs.flatMap((d) => tfFiles(d));
  assert.ok(files.length > 300, `${files.length} files`);
  const differences: string[] = [];
  let compared = 0;
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    let theirs: Json;
    try {
      theirs = await parse(path.basename(file), text);
    } catch {
      assert.ok(parseHclFile(text).error, `${file}: HCL rejects it, our parser accepts it`);
      continue;
    }
    const ours = parseHclFile(text);
    assert.equal(ours.error, undefined, `${file}: HCL accepts it, our parser says ${JSON.stringify(ours.error)}`);
    compared++;
    try {
      assert.deepStrictEqual(JSON.parse(JSON.stringify(shape(ours.blocks, text))), theirs);
    } catch (error) {
      differences.push(`${path.relative(ROOT, file)}: ${(error as Error).message.slice(0, 1500)}`);
    }
  }
  t.diagnostic(`${compared} files compared`);
  assert.deepEqual(differences, [], `${differences.length} of ${compared} files differ`);
});
