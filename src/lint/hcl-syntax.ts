// Syntax layer for `.tf`: web-tree-sitter with the tree-sitter-terraform grammar gives exact ranges and comments.
// Both packages are loaded lazily (they stay external to the bundled CLI) and the grammar's .wasm is located
// through the package's own package.json, so this works from src/ (tsx) and from the bundle.
import { createRequire } from "node:module";
import path from "node:path";
import type { Node, Parser as TsParser } from "web-tree-sitter";
import { loadParserPackage } from "./parser-packages.js";

let parserPromise: Promise<TsParser> | undefined;

function grammarPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("@tree-sitter-grammars/tree-sitter-hcl/package.json")), "tree-sitter-terraform.wasm");
}

async function getParser(): Promise<TsParser> {
  parserPromise ??= (async () => {
    const { Parser, Language } = await loadParserPackage("web-tree-sitter", () => import("web-tree-sitter"));
    await Parser.init();
    const language = await Language.load(await loadParserPackage("@tree-sitter-grammars/tree-sitter-hcl", grammarPath));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

export interface SyntaxAttribute {
  name: string;
  start: number;
  end: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
}

export interface SyntaxBlock {
  type: string;
  labels: string[];
  start: number;
  end: number;
  headerEnd: number;
  attributes: SyntaxAttribute[];
  blocks: SyntaxBlock[];
}

export interface SyntaxTree {
  blocks: SyntaxBlock[];
  comments: { start: number; end: number; text: string }[];
  /** First syntax error, if any. */
  error?: { offset: number; message: string };
}

function labelText(node: Node): string {
  if (node.type === "string_lit") {
    return node.namedChildren
      .filter((c): c is Node => c !== null && c.type === "template_literal")
      .map((c) => c.text)
      .join("");
  }
  return node.text;
}

function readBody(body: Node | undefined): { attributes: SyntaxAttribute[]; blocks: SyntaxBlock[] } {
  const attributes: SyntaxAttribute[] = [];
  const blocks: SyntaxBlock[] = [];
  for (const child of body?.namedChildren ?? []) {
    if (!child) continue;
    if (child.type === "attribute") {
      const name = child.namedChildren.find((c) => c?.type === "identifier");
      const value = child.namedChildren.find((c) => c?.type === "expression");
      if (!name || !value) continue;
      attributes.push({ name: name.text, start: child.startIndex, end: child.endIndex, nameEnd: name.endIndex, valueStart: value.startIndex, valueEnd: value.endIndex });
    } else if (child.type === "block") {
      blocks.push(readBlock(child));
    }
  }
  return { attributes, blocks };
}

function readBlock(node: Node): SyntaxBlock {
  const children = node.namedChildren.filter((c): c is Node => c !== null);
  const type = children[0]?.text ?? "";
  const labels: string[] = [];
  let headerEnd = children[0]?.endIndex ?? node.startIndex;
  for (const c of children.slice(1)) {
    if (c.type !== "string_lit" && c.type !== "identifier") break;
    labels.push(labelText(c));
    headerEnd = c.endIndex;
  }
  const { attributes, blocks } = readBody(children.find((c) => c.type === "body"));
  return { type, labels, start: node.startIndex, end: node.endIndex, headerEnd, attributes, blocks };
}

function firstError(node: Node): Node | undefined {
  if (node.type === "ERROR" || node.isMissing) return node;
  if (!node.hasError) return undefined;
  for (const child of node.children) {
    if (!child) continue;
    const found = firstError(child);
    if (found) return found;
  }
  return node;
}

export async function parseSyntax(text: string): Promise<SyntaxTree> {
  const parser = await getParser();
  const tree = parser.parse(text);
  if (!tree) return { blocks: [], comments: [], error: { offset: 0, message: "tree-sitter could not parse the file" } };
  try {
    const root = tree.rootNode;
    const body = root.namedChildren.find((c) => c?.type === "body") ?? undefined;
    const { blocks } = readBody(body);
    const comments = root.descendantsOfType("comment").filter((c): c is Node => c !== null).map((c) => ({ start: c.startIndex, end: c.endIndex, text: c.text }));
    const result: SyntaxTree = { blocks, comments };
    const bad = root.hasError ? firstError(root) : undefined;
    if (bad) result.error = { offset: bad.startIndex, message: bad.isMissing ? `missing ${bad.type}` : "syntax error" };
    return result;
  } finally {
    tree.delete();
  }
}

