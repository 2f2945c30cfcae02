// docs/CONSUMERS.md shows parts of the consumer files that test/consumers runs; every block marked
// `<!-- excerpt: consumers/<file> -->` must be a contiguous run of that file's lines (indentation aside), so the page
// cannot drift from the code that is tested.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../support/toolchain.js";

const DOC = join(repoRoot, "docs", "CONSUMERS.md");
const EXCERPT = /<!-- excerpt: (consumers\/[\w.-]+) -->\n```\w*\n([\s\S]*?)\n```/g;

const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

function isContiguousRun(needle: string[], haystack: string[]): boolean {
  return haystack.some((_, start) => needle.every((line, i) => haystack[start + i] === line));
}

describe("docs/CONSUMERS.md", () => {
  const excerpts = [...readFileSync(DOC, "utf8").matchAll(EXCERPT)].map((m) => ({ file: m[1]!, body: m[2]! }));

  it("shows an excerpt of each consumer file", () => {
    assert.deepEqual(excerpts.map((e) => e.file).sort(), ["consumers/node-consumer.mjs", "consumers/python_consumer.py"]);
  });

  for (const { file, body } of excerpts) {
    it(`its excerpt of ${file} is the file's code`, () => {
      const source = lines(readFileSync(join(repoRoot, "docs", file), "utf8"));
      const shown = lines(body);
      assert.ok(shown.length > 10, "a real excerpt");
      assert.ok(isContiguousRun(shown, source), `the excerpt of ${file} in docs/CONSUMERS.md differs from the file: copy it again`);
    });
  }
});
