// Helpers over values in the hcl2json shape: strings hold literal text plus `${...}` / `%{...}` expressions.

/** Every string leaf of a value (object keys excluded). */
export function stringLeaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringLeaves(v, out);
  else if (typeof value === "object" && value !== null) for (const v of Object.values(value)) stringLeaves(v, out);
  return out;
}

/** Contents of the `${...}` and `%{...}` sequences of a template string (escaped `$${` / `%%{` skipped). */
export function interpolations(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if ((c !== "$" && c !== "%") || text[i + 1] !== "{") continue;
    if (i > 0 && text[i - 1] === c) continue;
    let depth = 1;
    let j = i + 2;
    let quote = false;
    for (; j < text.length && depth > 0; j++) {
      const d = text[j];
      if (quote) {
        if (d === "\\") j++;
        else if (d === '"') quote = false;
      } else if (d === '"') quote = true;
      else if (d === "{") depth++;
      else if (d === "}") depth--;
    }
    out.push(text.slice(i + 2, j - 1));
    i = j - 1;
  }
  return out;
}

/** True when the value contains no expressions at all (only literals). */
export function isLiteral(value: unknown): boolean {
  return stringLeaves(value).every((s) => interpolations(s).length === 0);
}

/** The literal string value of an attribute, or undefined if it is an expression or not a string. */
export function literalString(value: unknown): string | undefined {
  return typeof value === "string" && interpolations(value).length === 0 ? value : undefined;
}

const TRAVERSAL = /(?<![\w.\]])([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[[^\]\[]*\])+)/g;

/**
 * References (traversals) inside an expression, index steps removed: `module.m[0].x` → `module.m.x`.
 * Quoted strings inside the expression are skipped except for their own interpolations.
 */
export function referencesInExpression(expression: string): string[] {
  const out: string[] = [];
  // Blank quoted strings but keep nested interpolations visible.
  const unquoted = expression.replace(/"(?:[^"\\]|\\.)*"/g, (q) =>
    interpolations(q)
      .map((e) => ` ${e} `)
      .join(" "),
  );
  for (const m of unquoted.matchAll(TRAVERSAL)) {
    const steps = m[2]!.replace(/\[[^\]]*\]/g, "");
    if (steps === "") continue;
    out.push(m[1]! + steps);
  }
  return out;
}

/** All references in a value (every string leaf, every interpolation). */
export function references(value: unknown): string[] {
  return stringLeaves(value).flatMap((s) => interpolations(s).flatMap(referencesInExpression));
}
