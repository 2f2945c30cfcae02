// The expression tree of HCL's native syntax, as src/lint/hcl-parser.ts builds it. Offsets are into the file text.
// The taint model walks this tree, so it knows which position of an expression carries a value into the result
// and which only decides (a condition, a comparison, an index, a for-expression's `if`).

export type Expr =
  | { kind: "literal"; value: string | number | boolean | null; start: number; end: number }
  | { kind: "template"; parts: TemplatePart[]; heredoc: boolean; start: number; end: number }
  | { kind: "variable"; name: string; start: number; end: number }
  | { kind: "traversal"; target: Expr; steps: Step[]; start: number; end: number }
  | { kind: "call"; name: string; args: Expr[]; expand: boolean; start: number; end: number }
  | { kind: "tuple"; items: Expr[]; start: number; end: number }
  | { kind: "object"; items: { key: Expr; value: Expr }[]; start: number; end: number }
  | { kind: "for"; keyVar?: string; valueVar: string; collection: Expr; key?: Expr; value: Expr; condition?: Expr; object: boolean; start: number; end: number }
  | { kind: "binary"; op: string; left: Expr; right: Expr; start: number; end: number }
  | { kind: "unary"; op: "!" | "-"; operand: Expr; start: number; end: number }
  | { kind: "conditional"; condition: Expr; then: Expr; else: Expr; start: number; end: number }
  | { kind: "paren"; inner: Expr; start: number; end: number };

/** `.name`, `[key]` (also the legacy `.0`), and the splats `.*` / `[*]` (each element). */
export type Step = { kind: "attr"; name: string } | { kind: "index"; key: Expr } | { kind: "splat" };

/**
 * A template, flat: text, `${expr}`, and the directives `%{if cond}`, `%{else}`, `%{endif}`, `%{for k, v in coll}`,
 * `%{endfor}`. `raw` is the part's source (for text, the text as written, escapes included).
 */
export type TemplatePart =
  | { kind: "text"; text: string; start: number; end: number }
  | { kind: "interpolation"; expr: Expr; start: number; end: number }
  | { kind: "if"; condition: Expr; start: number; end: number }
  | { kind: "for"; keyVar?: string; valueVar: string; collection: Expr; start: number; end: number }
  | { kind: "else" | "endif" | "endfor"; start: number; end: number };

/** Comparison and logic operators: their result is a yes/no, never the operands' value. */
export const DECIDING_OPERATORS = new Set(["==", "!=", "<", ">", "<=", ">=", "&&", "||"]);
