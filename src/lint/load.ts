// Turns one file into the model: blocks, attributes, ranges, comments and expression trees from the HCL parser
// (src/lint/hcl-parser.ts) or the JSON scanner. A file that does not parse becomes a LoadError with its position.
import { readFile } from "node:fs/promises";
import { parseHclFile, type ParsedBlock } from "./hcl-parser.js";
import { exprOfJson, valueOf } from "./hcl-value.js";
import { JsonSyntaxError, parseJsonWithOffsets, toPlain, type JsonNode } from "./json-syntax.js";
import type { Attribute, Block, LoadError, SourceFile } from "./model.js";
import { positionMapper, rangeOf } from "./positions.js";

function buildHclBlocks(file: SourceFile, parsed: ParsedBlock[]): Block[] {
  const at = file.positionAt;
  return parsed.map((pb) => {
    const attributes: Attribute[] = pb.attributes.map((a) => ({
      name: a.name,
      range: rangeOf(at, a.start, a.end),
      nameRange: rangeOf(at, a.start, a.nameEnd),
      valueRange: rangeOf(at, a.valueStart, a.valueEnd),
      valueOffset: a.valueStart,
      source: file.text.slice(a.valueStart, a.valueEnd),
      value: valueOf(a.expr, file.text),
      expr: a.expr,
    }));
    return {
      type: pb.type,
      labels: pb.labels,
      range: rangeOf(at, pb.start, pb.end),
      headerRange: rangeOf(at, pb.start, pb.headerEnd),
      attributes,
      blocks: buildHclBlocks(file, pb.blocks),
      file,
    };
  });
}

const JSON_LABELS: Record<string, number> = { resource: 2, data: 2, ephemeral: 2, variable: 1, output: 1, module: 1, provider: 1, check: 1 };
const JSON_NESTED: Record<string, number> = {
  provisioner: 1,
  lifecycle: 0,
  connection: 0,
  required_providers: 0,
  backend: 1,
  validation: 0,
  precondition: 0,
  postcondition: 0,
  dynamic: 1,
  content: 0,
};

function buildJsonBlocks(
  file: SourceFile,
  type: string,
  node: JsonNode,
  labelsLeft: number,
  labels: string[],
  headerStart: number,
  headerEnd: number,
  out: Block[],
): void {
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
  const block: Block = {
    type,
    labels,
    range: rangeOf(at, headerStart, node.end),
    headerRange: rangeOf(at, headerStart, headerEnd),
    attributes: [],
    blocks: [],
    file,
  };
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
      expr: exprOfJson(toPlain(e.value)),
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
  const parsed = parseHclFile(text);
  if (parsed.error) return { file: displayPath, position: positionAt(parsed.error.offset), message: parsed.error.message };
  file.blocks = buildHclBlocks(file, parsed.blocks);
  file.problems = parsed.skipped.map((p) => ({ file: displayPath, position: positionAt(p.offset), message: p.message }));
  file.comments = parsed.comments.map((c) => {
    const start = positionAt(c.start);
    const lineStart = c.start - (start.column - 1);
    return { text: c.text, range: rangeOf(positionAt, c.start, c.end), ownLine: text.slice(lineStart, c.start).trim() === "" };
  });
  return file;
}
