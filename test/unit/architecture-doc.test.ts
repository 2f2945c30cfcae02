// docs/ARCHITECTURE.md says what is true of the tree: its folder table names exactly the folders of src/.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("docs/ARCHITECTURE.md", () => {
  it("its folder table lists exactly the folders of src/", () => {
    const doc = readFileSync(`${ROOT}docs/ARCHITECTURE.md`, "utf8");
    const table = doc.slice(doc.indexOf("## Folders"), doc.indexOf("\n## ", doc.indexOf("## Folders") + 1));
    const documented = [...table.matchAll(/^\| `src\/([a-z-]+)\/` \|/gm)].map((m) => m[1]).sort();
    const actual = readdirSync(`${ROOT}src`, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    assert.deepEqual(documented, actual);
  });
});
