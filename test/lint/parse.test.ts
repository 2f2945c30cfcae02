import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadFile } from "../../src/lint/load.js";
import type { SourceFile } from "../../src/lint/model.js";

describe("loadFile", () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(path.join(os.tmpdir(), "lint-parse-"))));
  after(async () => rm(dir, { recursive: true, force: true }));

  async function load(name: string, text: string) {
    await writeFile(path.join(dir, name), text);
    return loadFile(path.join(dir, name), name);
  }

  it("gives blocks, attributes and values with exact positions (non-ASCII text before them)", async () => {
    const f = (await load(
      "a.tf",
      '# é€😀\nresource "x" "y" {\n  a = "é${var.z}"\n  nested "l" {\n    b = <<-EOT\n      hi ${var.q}\n    EOT\n  }\n}\n',
    )) as SourceFile;
    const block = f.blocks[0]!;
    assert.deepEqual([block.type, ...block.labels], ["resource", "x", "y"]);
    assert.deepEqual(block.range.start, { line: 2, column: 1 });
    const a = block.attributes[0]!;
    assert.equal(a.value, "é${var.z}");
    assert.deepEqual(a.valueRange.start, { line: 3, column: 7 });
    const b = block.blocks[0]!.attributes[0]!;
    assert.equal(b.value, "hi ${var.q}\n");
    assert.deepEqual(b.range.start, { line: 5, column: 5 });
    assert.equal(f.comments[0]!.text, "# é€😀");
  });

  it("reports a syntax error with its position", async () => {
    const e = await load("bad.tf", 'locals {\n  a = "unterminated\n}\n');
    assert.ok(!("blocks" in e));
    assert.equal(e.file, "bad.tf");
    assert.equal(e.position.line, 2);
  });

  it("reads .tf.json with positions, nested provisioners and arrays", async () => {
    const f = (await load(
      "b.tf.json",
      '{\n "resource": {"null_resource": {"n": {"triggers": {"a": "${var.b}"},\n  "provisioner": [{"local-exec": {"command": "x"}}]}}}\n}\n',
    )) as SourceFile;
    const block = f.blocks[0]!;
    assert.deepEqual(block.labels, ["null_resource", "n"]);
    assert.deepEqual(block.attributes[0]!.value, { a: "${var.b}" });
    assert.deepEqual(block.attributes[0]!.range.start, { line: 2, column: 39 });
    assert.deepEqual([block.blocks[0]!.type, ...block.blocks[0]!.labels], ["provisioner", "local-exec"]);
  });

  it("reports invalid JSON with its position", async () => {
    const e = await load("c.tf.json", '{\n  "locals": {"a": }\n}\n');
    assert.ok(!("blocks" in e));
    assert.deepEqual(e.position, { line: 2, column: 19 });
  });
});
