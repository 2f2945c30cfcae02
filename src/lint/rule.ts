// What a rule is and what it gets. Rules never read files or format output: the runner hands them a module's
// parsed files and takes back findings with ranges.
import type { Attribute, Block, Range, RuleFinding, Severity, SourceFile } from "./model.js";
import type { SecretIndex } from "./secrets.js";

export const DOCS_BASE = "https://github.com/genesys-oauth-shim/genesys-oauth-shim/blob/main/docs/rules.md";

export interface RuleContext {
  /** The files of one module (one directory). */
  files: SourceFile[];
  /** Top-level blocks of the module, in file order. */
  blocks: Block[];
  secrets: SecretIndex;
}

export interface Rule {
  id: string;
  severity: Severity;
  description: string;
  fix: string;
  docs: string;
  check(context: RuleContext): RuleFinding[];
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

/** Range of a secret reference inside an attribute (the reference's first segment onwards). */
export function locateReference(attribute: Attribute, reference: string, file: SourceFile): Range {
  const parts = reference.split(".");
  const pattern = new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")).join("(?:\\[[^\\]]*\\])*\\."));
  return locate(attribute, pattern, file);
}

export function resourceName(block: Block): string {
  return [block.type === "resource" ? undefined : block.type, ...block.labels].filter(Boolean).join(".");
}
