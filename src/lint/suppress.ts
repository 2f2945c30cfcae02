// Suppression annotations, in tflint's style:
//   # genesys-oauth-shim-ignore: rule_a, rule_b  # reason      (or `all`; `//` comments too)
// applies to findings that start on the annotation's own line (trailing comment) or on the line after it, and to
// every finding inside a block whose first line is that line (annotation above `resource "x" "y" {`).
//   # genesys-oauth-shim-ignore-file: rule_a, rule_b          (or `all`)
// at the top of a file (before the first block) applies to the whole file.
import type { Block, Range, SourceFile } from "./model.js";
import { contains } from "./positions.js";

const LINE = /^(?:#|\/\/)\s*genesys-oauth-shim-ignore:\s*([^#]*?)\s*(?:(?:#|\/\/).*)?$/;
const FILE = /^(?:#|\/\/)\s*genesys-oauth-shim-ignore-file:\s*([^#]*?)\s*(?:(?:#|\/\/).*)?$/;

function ids(list: string): string[] {
  return list.split(/[\s,]+/).filter(Boolean);
}

export class Suppressions {
  private readonly byLine = new Map<number, string[]>();
  private readonly fileWide: string[] = [];
  private readonly blockStarts: { line: number; range: Range }[] = [];

  constructor(file: SourceFile) {
    const firstBlockLine = file.blocks[0]?.range.start.line ?? Number.POSITIVE_INFINITY;
    for (const c of file.comments) {
      const text = c.text.trim();
      const f = FILE.exec(text);
      if (f) {
        if (c.range.start.line < firstBlockLine) this.fileWide.push(...ids(f[1]!));
        continue;
      }
      const m = LINE.exec(text);
      if (!m) continue;
      const line = c.range.start.line;
      // A trailing comment covers its own line; an own-line comment covers the next line.
      const target = c.ownLine ? line + 1 : line;
      this.byLine.set(target, [...(this.byLine.get(target) ?? []), ...ids(m[1]!)]);
    }
    // Only blocks whose first line carries an annotation can suppress what is inside them.
    const walk = (blocks: Block[]) => {
      for (const b of blocks) {
        if (this.byLine.has(b.range.start.line)) this.blockStarts.push({ line: b.range.start.line, range: b.range });
        walk(b.blocks);
      }
    };
    if (this.byLine.size > 0) walk(file.blocks);
  }

  private static matches(list: string[] | undefined, ruleId: string): boolean {
    return !!list && (list.includes(ruleId) || list.includes("all"));
  }

  isSuppressed(ruleId: string, range: Range): boolean {
    if (Suppressions.matches(this.fileWide, ruleId)) return true;
    if (Suppressions.matches(this.byLine.get(range.start.line), ruleId)) return true;
    return this.blockStarts.some((b) => contains(b.range, range) && Suppressions.matches(this.byLine.get(b.line), ruleId));
  }
}
