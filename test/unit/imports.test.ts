// The shape of src/: no import cycles anywhere, and no ensure step imports another step (the lease protocol lives in
// src/reconcile/lease.ts and run-lease.ts, the shared checks in needs.ts, the repair loop in ensure.ts).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

/** Each file's relative static imports (type-only ones included: they still couple the files), as src/ paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of tsFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(/^(?:import|export)[^"';]*?from\s+"(\.{1,2}\/[^"]+)"/gm)].map((m) =>
      path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, ".ts")),
    );
    graph.set(file, targets);
  }
  return graph;
}

describe("src/ imports", () => {
  it("have no cycles", () => {
    const graph = importGraph();
    assert.ok([...graph.values()].flat().length > 200, "the import graph was read (not vacuous)");
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(" -> "));
        return;
      }
      state.set(file, "open");
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of graph.keys()) visit(file, []);
    assert.deepEqual(cycles, []);
  });

  it("no ensure step imports another step", () => {
    const steps = path.join(SRC, "reconcile", "steps");
    const offending = [...importGraph()].flatMap(([file, targets]) =>
      path.dirname(file) === steps ? targets.filter((t) => path.dirname(t) === steps).map((t) => `${path.basename(file)} -> ${path.basename(t)}`) : [],
    );
    assert.deepEqual(offending, []);
  });
});
