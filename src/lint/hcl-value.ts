// Between expression trees and the Terraform JSON shape of values: rules read values, the taint model reads trees.
import type { Expr } from "./hcl-ast.js";
import { parseTemplateString } from "./hcl-parser.js";

/**
 * The value in the Terraform JSON shape rules read: literals keep their JSON type, tuples and objects of them are
 * arrays and objects, templates keep their interpolations as written, any other expression is "${source}".
 */
export function valueOf(expr: Expr, text: string): unknown {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "template":
      return expr.parts.map((p) => (p.kind === "text" ? p.text : text.slice(p.start, p.end))).join("");
    case "tuple":
      return expr.items.map((i) => valueOf(i, text));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const { key, value } of expr.items) {
        const k = key.kind === "literal" ? String(key.value) : key.kind === "template" ? String(valueOf(key, text)) : `\${${text.slice(key.start, key.end)}}`;
        out[k] = valueOf(value, text);
      }
      return out;
    }
    default:
      return `\${${text.slice(expr.start, expr.end)}}`;
  }
}

/** The expression tree of a Terraform JSON value: strings are templates, arrays tuples, objects objects. */
export function exprOfJson(value: unknown): Expr {
  if (typeof value === "string") return parseTemplateString(value) ?? { kind: "literal", value, start: 0, end: 0 };
  if (Array.isArray(value)) return { kind: "tuple", items: value.map(exprOfJson), start: 0, end: 0 };
  if (typeof value === "object" && value !== null) {
    return {
      kind: "object",
      items: Object.entries(value).map(([k, v]) => ({ key: { kind: "literal", value: k, start: 0, end: 0 }, value: exprOfJson(v) })),
      start: 0,
      end: 0,
    };
  }
  return { kind: "literal", value: value as number | boolean | null, start: 0, end: 0 };
}
