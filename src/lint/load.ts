// Turns one file into the model: syntax (ranges, comments) from tree-sitter or the JSON scanner, semantics
// (values) from hcl2json. A file that does not parse becomes a LoadError with its position.
import { readFile } from "node:fs/promises";
import { parseHcl, HclSemanticError } from "./hcl2json.js";
import { parseSyntax, type SyntaxBlock } from "./hcl-syntax.js";
import { JsonSyntaxError, parseJsonWithOffsets, toPlain, type JsonNode } from "./json-syntax.js";
import type { Attribute, Block, LoadError, SourceFile } from "./model.js";
import { positionMapper, rangeOf } from "./positions.js";

type Sem = Record<string, unknown> | undefined;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function semanticBody(parent: Sem, block: SyntaxBlock, index: number): Sem {
  let node: unknown = parent?.[block.type];
  for (const label of block.labels) node = isRecord(node) ? node[label] : undefined;
  if (Array.isArray(node)) node = node[index];
  return isRecord(node) ? node : undefined;
}

function buildHclBlocks(file: SourceFile, syntax: SyntaxBlock[], parent: Sem): Block[] {
  const seen = new Map<string, number>();
  const at = file.positionAt;
  return syntax.map((sb) => {
    const key = [sb.type, ...sb.labels].join("\0");
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    const sem = semanticBody(parent, sb, index);
    const attributes: Attribute[] = sb.attributes.map((a) => {
      const source = file.text.slice(a.valueStart, a.valueEnd);
      return {
        name: a.name,
        range: rangeOf(at, a.start, a.end),
        nameRange: rangeOf(at, a.start, a.nameEnd),
        valueRange: rangeOf(at, a.valueStart, a.valueEnd),
        valueOffset: a.valueStart,
        source,
        value: sem && Object.hasOwn(sem, a.name) ? sem[a.name] : `\${${source}}`,
      };
    });
    return { type: sb.type, labels: sb.labels, range: rangeOf(at, sb.start, sb.end), headerRange: rangeOf(at, sb.start, sb.headerEnd), attributes, blocks: buildHclBlocks(file, sb.blocks, sem), file };
  });
}

const JSON_LABELS: Record<string, number> = { resource: 2, data: 2, ephemeral: 2, variable: 1, output: 1, module: 1, provider: 1, check: 1 };
const JSON_NESTED: Record<string, number> = { provisioner: 1, lifecycle: 0, connection: 0, required_providers: 0, backend: 1, validation: 0, precondition: 0, postcondition: 0, dynamic: 1, content: 0 };

function buildJsonBlocks(file: SourceFile, type: string, node: JsonNode, labelsLeft: number, labels: string[], headerStart: number, headerEnd: number, out: Block[]): void {
  if (node.kind === "array") {
    for (const item of node.items) buildJsonBlocks(file, type, item, labelsLeft, labels, headerStart, headerEnd, out);
    return;
  }
  if (node.kind !== "object") return;
  if (labelsLeft > 0) {
    for (const e of node.entries) buildJsonBlocks(file, type, e.value, labelsLeft - 1, [...labels, e.key], e.keyStart, e.keyEnd, out);
    return;
  }
  const at = file.positionAt;
  const block: Block = { type, labels, range: rangeOf(at, headerStart, node.end), headerRange: rangeOf(at, headerStart, headerEnd), attributes: [], blocks: [], file };
  for (const e of node.entries) {
    const nested = JSON_NESTED[e.key];
    if (nested !== undefined && (e.value.kind === "object" || e.value.kind === "array")) {
      buildJsonBlocks(file, e.key, e.value, nested, [], e.keyStart, e.keyEnd, block.blocks);
      continue;
    }
    block.attributes.push({
      name: e.key,
      range: rangeOf(at, e.keyStart, e.value.end),
      nameRange: rangeOf(at, e.keyStart, e.keyEnd),
      valueRange: rangeOf(at, e.value.start, e.value.end),
      valueOffset: e.value.start,
      source: file.text.slice(e.value.start, e.value.end),
      value: toPlain(e.value),
    });
  }
  out.push(block);
}

export async function loadFile(absolutePath: string, displayPath: string): Promise<SourceFile | LoadError> {
  let text: string;
  try {
    text = await readFile(absolutePath, "utf8");
  } catch (error) {
    return { file: displayPath, position: { line: 1, column: 1 }, message: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  const positionAt = positionMapper(text);
  const isJson = displayPath.endsWith(".json");
  const file: SourceFile = { path: displayPath, text, kind: isJson ? "json" : "hcl", blocks: [], comments: [], positionAt };
  if (isJson) {
    try {
      const root = parseJsonWithOffsets(text);
      if (root.kind !== "object") return { file: displayPath, position: positionAt(root.start), message: "a Terraform JSON file must contain an object" };
      for (const e of root.entries) {
        if (e.key === "//") continue;
        buildJsonBlocks(file, e.key, e.value, JSON_LABELS[e.key] ?? 0, [], e.keyStart, e.keyEnd, file.blocks);
      }
      return file;
    } catch (error) {
      if (error instanceof JsonSyntaxError) return { file: displayPath, position: positionAt(error.offset), message: error.message };
      throw error;
    }
  }
  const [semantic, syntax] = await Promise.all([
    parseHcl(displayPath, text).catch((error: unknown) => error),
    parseSyntax(text),
  ]);
  if (semantic instanceof HclSemanticError) {
    const position = semantic.line !== undefined ? { line: semantic.line, column: semantic.column ?? 1 } : syntax.error ? positionAt(syntax.error.offset) : { line: 1, column: 1 };
    return { file: displayPath, position, message: semantic.message };
  }
  if (semantic instanceof Error) throw semantic;
  file.blocks = buildHclBlocks(file, syntax.blocks, semantic as Record<string, unknown>);
  file.comments = syntax.comments.map((c) => {
    const start = positionAt(c.start);
    const lineStart = c.start - (start.column - 1);
    return { text: c.text, range: rangeOf(positionAt, c.start, c.end), ownLine: text.slice(lineStart, c.start).trim() === "" };
  });
  return file;
}
