// What a rule is and what it gets. Rules never read files or format output: the runner hands them a module's
// parsed files and takes back findings with ranges.
import type { Attribute, Block, Range, RuleFinding, Severity, SourceFile } from "./model.js";
import type { Sink, ValueGraph } from "./taint.js";

export const DOCS_BASE = "https://github.com/genesys-oauth-shim/genesys-oauth-shim/blob/main/docs/rules.md";

export interface RuleContext {
  /** The files of one module (one directory). */
  files: SourceFile[];
  /** Top-level blocks of the module, in file order. */
  blocks: Block[];
  /** The module's values and how secrets flow between them. */
  graph: ValueGraph;
  /** Every persisting place in the module with the secret facts that reach it. */
  sinks: Sink[];
}

export interface Rule {
  id: string;
  /** The highest severity the rule reports; a finding may carry a lower one (see docs/LINT.md, severity policy). */
  severity: Severity;
  description: string;
  fix: string;
  docs: string;
  check(context: RuleContext): RuleFinding[];
}

/** Link to another page of docs/, e.g. guideLink("MIGRATING.md"). */
export function guideLink(page: string): string {
  return DOCS_BASE.replace(/rules\.md$/, page);
}

export function docsLink(id: string): string {
  return `${DOCS_BASE}#${id}`;
}

export function attr(block: Block, name: string): Attribute | undefined {
  return block.attributes.find((a) => a.name === name);
}

export function blocksOf(context: RuleContext, type: string, label?: string): Block[] {
  return context.blocks.filter((b) => b.type === type && (label === undefined || b.labels[0] === label));
}

/** Every block, nested ones included, depth first. */
export function allBlocks(blocks: Block[], out: Block[] = []): Block[] {
  for (const b of blocks) {
    out.push(b);
    allBlocks(b.blocks, out);
  }
  return out;
}

/** Range of the first occurrence of `needle` inside an attribute's value source; the attribute if absent. */
export function locate(attribute: Attribute, needle: string | RegExp, file: SourceFile): Range {
  let index: number;
  let length: number;
  if (typeof needle === "string") {
    index = attribute.source.indexOf(needle);
    length = needle.length;
  } else {
    const m = needle.exec(attribute.source);
    index = m ? m.index : -1;
    length = m ? m[0].length : 0;
  }
  if (index < 0) return attribute.range;
  const start = attribute.valueOffset + index;
  return { start: file.positionAt(start), end: file.positionAt(start + length) };
}

const STEP = String.raw`(?:\[[^\]]*\]|\.\*)*(?:\.|\[\s*\\?")`;

/** Range of a secret reference inside an attribute: the whole traversal if found, else its longest found prefix. */
export function locateReference(attribute: Attribute, reference: string, file: SourceFile): Range {
  const parts = reference.split(".").map((p) => p.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&"));
  for (let n = parts.length; n >= 1; n--) {
    const pattern = new RegExp(String.raw`(?<![\w.])` + parts.slice(0, n).join(STEP) + String.raw`(?![\w-])`);
    if (pattern.test(attribute.source)) return locate(attribute, pattern, file);
  }
  return attribute.valueRange;
}

export function resourceName(block: Block): string {
  return [block.type === "resource" ? undefined : block.type, ...block.labels].filter(Boolean).join(".");
}
