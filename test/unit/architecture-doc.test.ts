// docs/ARCHITECTURE.md says what is true of the tree: its folder table names exactly the folders of src/, and its
// step table exactly the ensure steps.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ENSURE_STEPS } from "../../src/reconcile/ensure.js";

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

  it("its step table lists exactly the ensure steps, in their order", () => {
    const doc = readFileSync(`${ROOT}docs/ARCHITECTURE.md`, "utf8");
    const flow = doc.slice(doc.indexOf("## The flow of one ensure"), doc.indexOf("\n## ", doc.indexOf("## The flow of one ensure") + 1));
    const start = flow.indexOf("| step | acts when | call |");
    const table = flow.slice(start, flow.indexOf("\n\n", start));
    const documented = [...table.matchAll(/^\| ([a-z][a-zA-Z ]+?)(?: \(the final check\))? \|/gm)].map((m) => m[1]).filter((name) => name !== "step");
    assert.deepEqual(
      documented,
      ENSURE_STEPS.map((step) => step.name),
    );
  });
});
