// HCL native syntax (.tf) in one linear pass over the text: blocks, attributes, comments and every attribute's
// expression tree, with offsets. It replaces hcl2json (Go compiled to WebAssembly) and tree-sitter, whose cost and
// memory grew far faster than the file (a 5 MB file took 16-25 s and 1.7 GB). Nesting deeper than MAX_DEPTH is
// reported at the position where it goes too deep; that attribute is skipped and the rest of the file is parsed.
import type { Expr, Step, TemplatePart } from "./hcl-ast.js";

/** Deepest expression nesting parsed; deeper is reported at the 501st level (the parser and the taint walk recurse
 * per level, and the JavaScript stack holds about 700 levels of the deepest-framed shape). No written or generated
 * Terraform seen nests more than a few dozen levels. */
export const MAX_DEPTH = 500;

export interface ParsedAttribute {
  name: string;
  start: number;
  end: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
  expr: Expr;
}

export interface ParsedBlock {
  type: string;
  labels: string[];
  start: number;
  end: number;
  headerEnd: number;
  attributes: ParsedAttribute[];
  blocks: ParsedBlock[];
}

export interface ParsedFile {
  blocks: ParsedBlock[];
  comments: { start: number; end: number; text: string }[];
  /** The first syntax error: the file is not linted. */
  error?: { offset: number; message: string };
  /** Attributes skipped because they nest too deep: reported, the rest of the file is linted. */
  skipped: { offset: number; message: string }[];
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly tooDeep = false,
  ) {
    super(message);
  }
}

const OPERATORS: [string, number][] = [
  ["||", 1],
  ["&&", 2],
  ["==", 3],
  ["!=", 3],
  ["<=", 4],
  [">=", 4],
  ["<", 4],
  [">", 4],
  ["+", 5],
  ["-", 5],
  ["*", 6],
  ["/", 6],
  ["%", 6],
];

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

function isIdStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}
function isIdChar(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57) || c === 45;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

class Parser {
  pos = 0;
  /** Newlines are whitespace inside (), [] and for-expressions; they end attributes and object items elsewhere. */
  newlines = false;
  depth = 0;
  readonly comments: { start: number; end: number; text: string }[] = [];
  private commentsUpTo = 0;

  constructor(readonly text: string) {}

  fail(message: string, offset = this.pos): never {
    throw new HclSyntaxError(message, offset);
  }

  /** Skips blanks and comments (and newlines when `newlines` or asked); comments are recorded once. */
  skip(newlines = this.newlines): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 13 || c === 0xfeff) this.pos++;
      else if (c === 10 && newlines) this.pos++;
      else if (c === 35 || (c === 47 && t.charCodeAt(this.pos + 1) === 47)) {
        let end = t.indexOf("\n", this.pos);
        if (end < 0) end = t.length;
        this.comment(this.pos, end);
        this.pos = end;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42) {
        const close = t.indexOf("*/", this.pos + 2);
        if (close < 0) this.fail("unterminated /* comment");
        this.comment(this.pos, close + 2);
        this.pos = close + 2;
      } else return;
    }
  }

  private comment(start: number, end: number): void {
    if (start < this.commentsUpTo) return;
    this.comments.push({ start, end, text: this.text.slice(start, end) });
    this.commentsUpTo = end;
  }

  peek(): number {
    return this.text.charCodeAt(this.pos);
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  expect(s: string): void {
    this.skip();
    if (!this.startsWith(s)) this.fail(`expected "${s}"${this.found()}`);
    this.pos += s.length;
  }

  found(): string {
    if (this.pos >= this.text.length) return ", found the end of the file";
    const c = this.text[this.pos]!;
    return c === "\n" ? ", found a newline" : `, found "${c}"`;
  }

  identifier(): string | undefined {
    const start = this.pos;
    if (!isIdStart(this.text.charCodeAt(start))) return undefined;
    let end = start + 1;
    while (isIdChar(this.text.charCodeAt(end))) end++;
    this.pos = end;
    return this.text.slice(start, end);
  }

  // ---- bodies -------------------------------------------------------------------------------------------------

  body(inBlock: boolean, skipped: ParsedFile["skipped"]): { attributes: ParsedAttribute[]; blocks: ParsedBlock[] } {
    const attributes: ParsedAttribute[] = [];
    const blocks: ParsedBlock[] = [];
    for (;;) {
      this.skip(true);
      if (this.pos >= this.text.length) {
        if (inBlock) this.fail('a block is not closed: expected "}", found the end of the file');
        return { attributes, blocks };
      }
      if (this.peek() === 125 /* } */) {
        if (!inBlock) this.fail('unexpected "}"');
        return { attributes, blocks };
      }
      const start = this.pos;
      const name = this.identifier();
      if (name === undefined) this.fail(`expected an attribute or a block${this.found()}`);
      const nameEnd = this.pos;
      this.skip(false);
      if (this.peek() === 61 /* = */ && this.text.charCodeAt(this.pos + 1) !== 61) {
        this.pos++;
        this.skip(false);
        const valueStart = this.pos;
        try {
          const expr = this.expression();
          attributes.push({ name, start, end: expr.end, nameEnd, valueStart, valueEnd: expr.end, expr });
        } catch (caught) {
          // The JavaScript stack is the other limit on depth: its overflow is reported where it happened, like MAX_DEPTH.
          const error =
            caught instanceof RangeError ? new HclSyntaxError(`expression nested too deep to check: this attribute is not checked`, this.pos, true) : caught;
          if (!(error instanceof HclSyntaxError && error.tooDeep)) throw error;
          skipped.push({ offset: error.offset, message: error.message });
          this.depth = 0;
          this.newlines = false;
          this.pos = skipValue(this.text, valueStart);
        }
        this.skip(false);
        const c = this.peek();
        if (!(this.pos >= this.text.length || c === 10 || (inBlock && c === 125))) this.fail(`expected a newline after the value of ${name}${this.found()}`);
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        this.skip(false);
        const c = this.peek();
        if (c === 34 /* " */) {
          const label = this.quoted();
          labels.push(label.parts.map((p) => (p.kind === "text" ? p.text : "")).join(""));
        } else if (isIdStart(c)) labels.push(this.identifier()!);
        else break;
      }
      const headerEnd = this.pos;
      if (this.peek() !== 123 /* { */) this.fail(`expected "=" or a block's "{" after ${name}${this.found()}`);
      this.pos++;
      const inner = this.body(true, skipped);
      this.pos++; // the "}"
      blocks.push({ type: name, labels, start, end: this.pos, headerEnd, ...inner });
    }
  }

  // ---- expressions ----------------------------------------------------------------------------------------------

  expression(): Expr {
    if (++this.depth > MAX_DEPTH) throw new HclSyntaxError(`expression nested deeper than ${MAX_DEPTH} levels: this attribute is not checked`, this.pos, true);
    try {
      const condition = this.binary(0);
      this.skip();
      if (this.peek() !== 63 /* ? */) return condition;
      this.pos++;
      this.skip();
      const then = this.expression();
      this.expect(":");
      this.skip();
      const otherwise = this.expression();
      return { kind: "conditional", condition, then, else: otherwise, start: condition.start, end: otherwise.end };
    } finally {
      this.depth--;
    }
  }

  private operator(): [string, number] | undefined {
    const t = this.text;
    const c = t[this.pos];
    for (const entry of OPERATORS) {
      if (c !== entry[0][0] || !t.startsWith(entry[0], this.pos)) continue;
      // `=>` of a for-expression, `<<` of a heredoc are not operators here.
      if (entry[0] === "<" && t[this.pos + 1] === "<") return undefined;
      return entry;
    }
    return undefined;
  }

  private binary(minimum: number): Expr {
    let left = this.unary();
    for (;;) {
      const before = this.pos;
      this.skip();
      const op = this.operator();
      if (!op || op[1] < minimum) {
        this.pos = before;
        return left;
      }
      this.pos += op[0].length;
      this.skip();
      const right = op[1] === 6 ? this.unary() : this.binary(op[1] + 1);
      left = { kind: "binary", op: op[0], left, right, start: left.start, end: right.end };
    }
  }

  /** Prefix operators in a loop, then a term with its steps: one frame per nesting level here. */
  private unary(): Expr {
    this.skip();
    const prefixes: { op: "!" | "-"; start: number }[] = [];
    for (;;) {
      const c = this.peek();
      if (!(c === 33 /* ! */ || (c === 45 /* - */ && !isDigit(this.text.charCodeAt(this.pos + 1))))) break;
      prefixes.push({ op: c === 33 ? "!" : "-", start: this.pos++ });
      this.skip();
    }
    let operand = this.postfix(this.term());
    for (let i = prefixes.length - 1; i >= 0; i--) operand = { kind: "unary", op: prefixes[i]!.op, operand, start: prefixes[i]!.start, end: operand.end };
    return operand;
  }

  private postfix(target: Expr): Expr {
    const steps: Step[] = [];
    let end = target.end;
    for (;;) {
      const before = this.pos;
      this.skip();
      const c = this.peek();
      if (c === 46 /* . */ && !this.startsWith("...")) {
        this.pos++;
        const d = this.peek();
        if (d === 42 /* * */) {
          this.pos++;
          steps.push({ kind: "splat" });
        } else if (isDigit(d)) {
          const start = this.pos;
          while (isDigit(this.peek())) this.pos++;
          steps.push({ kind: "index", key: { kind: "literal", value: Number(this.text.slice(start, this.pos)), start, end: this.pos } });
        } else {
          const name = this.identifier();
          if (name === undefined) this.fail(`expected an attribute name after "."${this.found()}`);
          steps.push({ kind: "attr", name });
        }
        end = this.pos;
      } else if (c === 91 /* [ */) {
        this.pos++;
        const saved = this.newlines;
        this.newlines = true;
        this.skip();
        if (this.peek() === 42 /* * */) {
          this.pos++;
          steps.push({ kind: "splat" });
        } else steps.push({ kind: "index", key: this.expression() });
        this.expect("]");
        this.newlines = saved;
        end = this.pos;
      } else {
        this.pos = before;
        break;
      }
    }
    return steps.length === 0 ? target : { kind: "traversal", target, steps, start: target.start, end };
  }

  private term(): Expr {
    this.skip();
    const start = this.pos;
    const c = this.peek();
    if (c === 34 /* " */) return this.quoted();
    if (c === 60 /* < */ && this.startsWith("<<")) return this.heredoc();
    if (isDigit(c) || (c === 45 && isDigit(this.text.charCodeAt(this.pos + 1)))) return this.number();
    if (c === 40 /* ( */) {
      this.pos++;
      const saved = this.newlines;
      this.newlines = true;
      const inner = this.expression();
      this.expect(")");
      this.newlines = saved;
      return { kind: "paren", inner, start, end: this.pos };
    }
    if (c === 91 /* [ */) return this.tuple();
    if (c === 123 /* { */) return this.object();
    const name = this.identifier();
    if (name === undefined) this.fail(`expected an expression${this.found()}`);
    if (name === "true" || name === "false") return { kind: "literal", value: name === "true", start, end: this.pos };
    if (name === "null") return { kind: "literal", value: null, start, end: this.pos };
    let callee = name;
    while (this.startsWith("::")) {
      this.pos += 2;
      callee += `::${this.identifier() ?? ""}`;
    }
    const afterName = this.pos;
    this.skip();
    if (this.peek() === 40 /* ( */) return this.call(callee, start);
    this.pos = afterName;
    return { kind: "variable", name, start, end: this.pos };
  }

  private number(): Expr {
    const start = this.pos;
    const m = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(start, start + 64));
    this.pos += m![0].length;
    return { kind: "literal", value: Number(m![0]), start, end: this.pos };
  }

  private call(name: string, start: number): Expr {
    this.pos++;
    const saved = this.newlines;
    this.newlines = true;
    const args: Expr[] = [];
    let expand = false;
    for (;;) {
      this.skip();
      if (this.peek() === 41 /* ) */) break;
      args.push(this.expression());
      this.skip();
      if (this.startsWith("...")) {
        this.pos += 3;
        expand = true;
        this.skip();
      }
      if (this.peek() === 44 /* , */) this.pos++;
      else if (this.peek() !== 41) this.fail(`expected "," or ")" in the arguments of ${name}${this.found()}`);
    }
    this.pos++;
    this.newlines = saved;
    return { kind: "call", name, args, expand, start, end: this.pos };
  }

  private isFor(): boolean {
    this.skip(true);
    return /^for\s+[A-Za-z_]/.test(this.text.slice(this.pos, this.pos + 6));
  }

  private tuple(): Expr {
    const start = this.pos++;
    const saved = this.newlines;
    this.newlines = true;
    if (this.isFor()) {
      const e = this.forExpression(start, false);
      this.newlines = saved;
      return e;
    }
    const items: Expr[] = [];
    for (;;) {
      this.skip();
      if (this.peek() === 93 /* ] */) break;
      items.push(this.expression());
      this.skip();
      if (this.peek() === 44) this.pos++;
      else if (this.peek() !== 93) this.fail(`expected "," or "]"${this.found()}`);
    }
    this.pos++;
    this.newlines = saved;
    return { kind: "tuple", items, start, end: this.pos };
  }

  private object(): Expr {
    const start = this.pos++;
    const saved = this.newlines;
    if (this.isFor()) {
      this.newlines = true;
      const e = this.forExpression(start, true);
      this.newlines = saved;
      return e;
    }
    this.newlines = false;
    const items: { key: Expr; value: Expr }[] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === 125 /* } */) break;
      const keyStart = this.pos;
      let key: Expr;
      const name = this.identifier();
      this.skip(false);
      if (name !== undefined && (this.peek() === 61 || this.peek() === 58) && this.text.charCodeAt(this.pos + 1) !== 61) {
        key = { kind: "literal", value: name, start: keyStart, end: keyStart + name.length };
      } else {
        this.pos = keyStart;
        key = this.expression();
        this.skip(false);
      }
      if (this.peek() !== 61 && this.peek() !== 58) this.fail(`expected "=" or ":" after an object key${this.found()}`);
      this.pos++;
      this.skip(false);
      const value = this.expression();
      items.push({ key, value });
      this.skip(false);
      const c = this.peek();
      if (c === 44 || c === 10) this.pos++;
      else if (c !== 125) this.fail(`expected ",", a newline or "}" after an object item${this.found()}`);
    }
    this.pos++;
    this.newlines = saved;
    return { kind: "object", items, start, end: this.pos };
  }

  private forExpression(start: number, object: boolean): Expr {
    this.skip();
    this.pos += 3; // for
    this.skip();
    let valueVar = this.identifier()!;
    let keyVar: string | undefined;
    this.skip();
    if (this.peek() === 44) {
      this.pos++;
      this.skip();
      keyVar = valueVar;
      valueVar = this.identifier() ?? this.fail(`expected a name after ","${this.found()}`);
      this.skip();
    }
    if (!this.startsWith("in")) this.fail(`expected "in" in a for expression${this.found()}`);
    this.pos += 2;
    const collection = this.expression();
    this.expect(":");
    let key: Expr | undefined;
    let value = this.expression();
    this.skip();
    if (object) {
      this.expect("=>");
      key = value;
      value = this.expression();
      this.skip();
      if (this.startsWith("...")) this.pos += 3;
    }
    let condition: Expr | undefined;
    this.skip();
    if (this.startsWith("if") && !isIdChar(this.text.charCodeAt(this.pos + 2))) {
      this.pos += 2;
      condition = this.expression();
    }
    this.expect(object ? "}" : "]");
    return { kind: "for", keyVar, valueVar, collection, key, value, condition, object, start, end: this.pos };
  }

  // ---- templates ------------------------------------------------------------------------------------------------

  quoted(): Extract<Expr, { kind: "template" }> {
    const start = this.pos++;
    const parts = this.templateParts((i) => this.text.charCodeAt(i) === 34, true);
    if (this.peek() !== 34) this.fail("a string is not closed", start);
    this.pos++;
    return { kind: "template", parts, heredoc: false, start, end: this.pos };
  }

  private heredoc(): Expr {
    const start = this.pos;
    const m = /^<<(-?)([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(this.text.slice(start, start + 300));
    if (!m) this.fail("expected a heredoc marker such as <<EOT followed by a newline");
    const marker = m[2]!;
    const bodyStart = start + m[0].length;
    let lineStart = bodyStart;
    let bodyEnd = -1;
    while (lineStart <= this.text.length) {
      let lineEnd = this.text.indexOf("\n", lineStart);
      if (lineEnd < 0) lineEnd = this.text.length;
      if (this.text.slice(lineStart, lineEnd).trim() === marker) {
        bodyEnd = lineStart;
        this.pos = lineStart + this.text.slice(lineStart, lineEnd).indexOf(marker) + marker.length;
        break;
      }
      if (lineEnd >= this.text.length) break;
      lineStart = lineEnd + 1;
    }
    if (bodyEnd < 0) this.fail(`the heredoc ${marker} is not closed`, start);
    const end = this.pos;
    this.pos = bodyStart;
    const parts = this.templateParts((i) => i >= bodyEnd, false);
    this.pos = end;
    const template: Expr = { kind: "template", parts, heredoc: true, start, end };
    if (m[1] === "-") dedent(parts);
    return template;
  }

  /** Template parts up to `stop` (not consumed). Quoted strings process backslash escapes; heredocs do not. */
  templateParts(stop: (i: number) => boolean, quoted: boolean): TemplatePart[] {
    const t = this.text;
    const parts: TemplatePart[] = [];
    let textStart = this.pos;
    let text = "";
    const flush = (end: number) => {
      if (end > textStart) parts.push({ kind: "text", text, start: textStart, end });
      text = "";
    };
    while (this.pos < t.length && !stop(this.pos)) {
      const c = t[this.pos]!;
      if (quoted && c === "\n") this.fail("a quoted string cannot contain a newline (use a heredoc)");
      if (quoted && c === "\\") {
        const e = t[this.pos + 1] ?? "";
        if (e === "u" || e === "U") {
          const n = e === "u" ? 4 : 8;
          text += String.fromCodePoint(parseInt(t.slice(this.pos + 2, this.pos + 2 + n), 16) || 0xfffd);
          this.pos += 2 + n;
        } else {
          text += ESCAPES[e] ?? e;
          this.pos += 2;
        }
        continue;
      }
      if ((c === "$" || c === "%") && t[this.pos + 1] === c && t[this.pos + 2] === "{") {
        text += `${c}${c}{`;
        this.pos += 3;
        continue;
      }
      if ((c === "$" || c === "%") && t[this.pos + 1] === "{") {
        flush(this.pos);
        parts.push(c === "$" ? this.interpolation() : this.directive());
        textStart = this.pos;
        continue;
      }
      text += c;
      this.pos++;
    }
    flush(this.pos);
    return parts;
  }

  private interpolation(): TemplatePart {
    const start = this.pos;
    this.pos += 2;
    const saved = this.newlines;
    this.newlines = true;
    if (this.peek() === 126 /* ~ */) this.pos++;
    const expr = this.expression();
    this.skip();
    if (this.peek() === 126) this.pos++;
    this.expect("}");
    this.newlines = saved;
    return { kind: "interpolation", expr, start, end: this.pos };
  }

  private directive(): TemplatePart {
    const start = this.pos;
    this.pos += 2;
    const saved = this.newlines;
    this.newlines = true;
    if (this.peek() === 126) this.pos++;
    this.skip();
    const word = this.identifier();
    let part: TemplatePart;
    if (word === "if") part = { kind: "if", condition: this.expression(), start, end: 0 };
    else if (word === "else" || word === "endif" || word === "endfor") part = { kind: word, start, end: 0 };
    else if (word === "for") {
      this.skip();
      let valueVar = this.identifier() ?? this.fail("expected a name after for");
      let keyVar: string | undefined;
      this.skip();
      if (this.peek() === 44) {
        this.pos++;
        this.skip();
        keyVar = valueVar;
        valueVar = this.identifier() ?? this.fail('expected a name after ","');
        this.skip();
      }
      if (!this.startsWith("in")) this.fail(`expected "in"${this.found()}`);
      this.pos += 2;
      part = { kind: "for", keyVar, valueVar, collection: this.expression(), start, end: 0 };
    } else this.fail(`unknown template directive ${word ?? ""}`, start);
    this.skip();
    if (this.peek() === 126) this.pos++;
    this.expect("}");
    this.newlines = saved;
    part.end = this.pos;
    return part;
  }
}

/** `<<-` heredocs: the smallest indentation of the non-blank lines is removed from every line. */
function dedent(parts: TemplatePart[]): void {
  let indent = Infinity;
  let atLineStart = true;
  for (const p of parts) {
    if (p.kind !== "text") {
      atLineStart = false;
      continue;
    }
    const lines = p.text.split("\n");
    lines.forEach((line, i) => {
      if (i > 0) atLineStart = true;
      if (atLineStart && (line.trim() !== "" || i === lines.length - 1)) {
        const n = /^[ \t]*/.exec(line)![0].length;
        if (line.trim() !== "" || i < lines.length - 1) indent = Math.min(indent, n);
      }
      if (line !== "") atLineStart = false;
    });
  }
  if (!Number.isFinite(indent) || indent === 0) return;
  atLineStart = true;
  for (const p of parts) {
    if (p.kind !== "text") {
      atLineStart = false;
      continue;
    }
    p.text = p.text
      .split("\n")
      .map((line, i) => (i > 0 || atLineStart ? line.slice(Math.min(indent, /^[ \t]*/.exec(line)![0].length)) : line))
      .join("\n");
    atLineStart = p.text.endsWith("\n");
  }
}

/** The end of an attribute value from `start`, without parsing it: brackets balanced, strings and templates skipped. */
export function skipValue(text: string, start: number): number {
  // Each frame: a code context (with its bracket depth) or a quoted string.
  const stack: { string: boolean; depth: number }[] = [{ string: false, depth: 0 }];
  let i = start;
  for (; i < text.length; i++) {
    const top = stack[stack.length - 1]!;
    const c = text[i];
    if (top.string) {
      if (c === "\\") i++;
      else if (c === '"') stack.pop();
      else if ((c === "$" || c === "%") && text[i + 1] === "{") {
        stack.push({ string: false, depth: 1 });
        i++;
      } else if (c === "\n") stack.pop();
      continue;
    }
    if (c === '"') stack.push({ string: true, depth: 0 });
    else if (c === "(" || c === "[" || c === "{") top.depth++;
    else if (c === ")" || c === "]" || c === "}") {
      top.depth--;
      if (top.depth <= 0 && stack.length > 1) stack.pop();
      else if (top.depth < 0) return i;
    } else if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      i--;
    } else if (c === "\n" && top.depth <= 0 && stack.length === 1) return i;
  }
  return i;
}

export function parseHclFile(text: string): ParsedFile {
  const parser = new Parser(text);
  const skipped: ParsedFile["skipped"] = [];
  try {
    const { blocks } = parser.body(false, skipped);
    return { blocks, comments: parser.comments, skipped };
  } catch (error) {
    if (error instanceof HclSyntaxError) return { blocks: [], comments: parser.comments, skipped, error: { offset: error.offset, message: error.message } };
    if (error instanceof RangeError)
      return { blocks: [], comments: parser.comments, skipped, error: { offset: parser.pos, message: `nesting too deep to parse (${error.message})` } };
    throw error;
  }
}

/** Parses a string as a template (Terraform JSON values): `${...}` and `%{...}` become expressions. */
export function parseTemplateString(text: string): Expr | undefined {
  const parser = new Parser(text);
  try {
    const parts = parser.templateParts(() => false, false);
    return { kind: "template", parts, heredoc: true, start: 0, end: text.length };
  } catch {
    return undefined;
  }
}
