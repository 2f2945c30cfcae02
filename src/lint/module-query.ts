// The shim's own query validation (src/external: QUERY_SCHEMA, parseQuery, parseManyQuery) applied to the literal
// arguments of a call of this project's modules, so lint rejects what the shim would reject at plan: the region
// list, grant/field combinations, every bad key of oauth-clients. src/external stays the one contract; this file
// only turns a module call into the query the module sends (strings; lists and maps as JSON; nulls dropped); the
// modules' argument names come from src/external/contract.ts, which generates their variables.tf.
import { describeError, ShimError } from "../core/errors.js";
import { parseManyQuery } from "../external/many-query.js";
import { resolveRegion } from "../genesys/endpoints.js";
import { parseQuery } from "../external/query.js";
import { MODULE_VARIABLES } from "../external/contract.js";
import { QUERY_SCHEMA } from "../external/schemas.js";
import type { Expr } from "./hcl-ast.js";
import type { Attribute, Block } from "./model.js";

/** Fields the shim decides a client's combination from: unknown ones leave the combination unchecked. */
const COMBINATION = ["authorized_grant_type", "role_divisions", "redirect_uris", "scopes", "genesys_region"];

export const SINGLE_QUERY_KEYS = Object.keys(QUERY_SCHEMA.properties);
/** oauth-clients' arguments: `clients` and the inputs that apply to every client (src/external/contract.ts). */
export const MANY_MODULE_ARGUMENTS = ["clients", ...MODULE_VARIABLES.map((v) => v.name)];

/** A problem with the field the shim names, and where to show it. */
export interface QueryProblem {
  message: string;
  at: { start: number; end: number } | undefined;
}

/** The literal value of an expression in the Terraform JSON shape, or undefined when it is not all literal. */
function literal(expr: Expr): { value: unknown } | undefined {
  switch (expr.kind) {
    case "literal":
      return { value: expr.value };
    case "template":
      return expr.parts.every((p) => p.kind === "text") ? { value: expr.parts.map((p) => (p.kind === "text" ? p.text : "")).join("") } : undefined;
    case "paren":
      return literal(expr.inner);
    case "unary": {
      const inner = literal(expr.operand);
      return expr.op === "-" && typeof inner?.value === "number" ? { value: -inner.value } : undefined;
    }
    case "tuple": {
      const items = expr.items.map(literal);
      return items.every(Boolean) ? { value: items.map((i) => i!.value) } : undefined;
    }
    case "object": {
      const out: Record<string, unknown> = {};
      for (const { key, value } of expr.items) {
        const k = literal(key);
        const v = literal(value);
        if (!k || !v || typeof k.value !== "string") return undefined;
        out[k.value] = v.value;
      }
      return { value: out };
    }
    default:
      return undefined;
  }
}

/** As the modules send a value: strings as they are, numbers and booleans as text, lists and maps as JSON. */
function queryValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The field a shim message is about: `invalid input "redirect_uris": …` → redirect_uris. */
function fieldOf(message: string): string | undefined {
  return /invalid input "(?:clients\[[^\]]*\]\.)?([a-z_]+)/.exec(message)?.[1] ?? /"([a-z_]+)"/.exec(message)?.[1];
}

/**
 * Runs parseQuery on one client's fields (name → expression), with fields that are not literal left out or, for
 * the two the schema requires, stood in for by a valid value. Unknown combination fields skip the check.
 */
function checkClient(fields: Map<string, Expr>, runWide: Record<string, string> = {}): QueryProblem[] {
  const query: Record<string, string> = {};
  for (const [name, expr] of fields) {
    if (!SINGLE_QUERY_KEYS.includes(name)) continue;
    const value = literal(expr);
    if (!value) {
      if (COMBINATION.includes(name)) return [];
      if (name === "name" || name === "secret_name") query[name] = "unknown";
      continue;
    }
    const text = queryValue(value.value);
    if (text !== undefined) query[name] = text;
  }
  query.name ??= "unknown";
  query.secret_name ??= "unknown";
  try {
    parseQuery({ ...query, ...runWide }, {});
    return [];
  } catch (error) {
    if (!(error instanceof ShimError)) throw error;
    const message = describeError(error);
    const field = fieldOf(message);
    const at = (field ? fields.get(field) : undefined) ?? fields.get("authorized_grant_type");
    return [{ message, at: at && { start: at.start, end: at.end } }];
  }
}

/** oauth-client: the call's own arguments are the query. */
export function checkSingleModule(block: Block): QueryProblem[] {
  return checkClient(new Map(block.attributes.map((a) => [a.name, a.expr])));
}

/** oauth-clients: every literal key of `clients` with the run-wide arguments, through parseManyQuery. */
export function checkManyModule(block: Block): QueryProblem[] {
  const argument = (name: string): Attribute | undefined => block.attributes.find((a) => a.name === name);
  const problems: QueryProblem[] = [];
  const runWide: Record<string, string> = {};
  for (const name of ["genesys_region", "aws_region", "read_only"]) {
    const a = argument(name);
    if (!a) continue;
    const value = literal(a.expr);
    const text = value && queryValue(value.value);
    if (text !== undefined) runWide[name] = text;
  }
  if (runWide.genesys_region !== undefined) {
    // The shim's own region check (parseQuery's), on the run-wide argument alone.
    try {
      resolveRegion(runWide.genesys_region, "genesys_region");
    } catch (error) {
      if (!(error instanceof ShimError)) throw error;
      const at = argument("genesys_region")!.expr;
      problems.push({ message: describeError(error), at: { start: at.start, end: at.end } });
    }
  }
  const clients = argument("clients")?.expr;
  if (!clients || clients.kind !== "object") return problems;
  const byKey = new Map<string, { key: Expr; fields: Map<string, Expr> }>();
  const query: Record<string, Record<string, string>> = {};
  for (const { key, value } of clients.items) {
    const k = literal(key);
    if (!k || typeof k.value !== "string" || value.kind !== "object") continue;
    const fields = new Map<string, Expr>();
    for (const item of value.items) {
      const name = literal(item.key);
      if (name && typeof name.value === "string") fields.set(name.value, item.value);
    }
    byKey.set(k.value, { key, fields });
    // A key whose combination is unknown is left out, like an unknown argument of oauth-client.
    const unknown = [...fields].some(([name, expr]) => !literal(expr) && COMBINATION.includes(name));
    if (unknown) continue;
    const fieldsQuery: Record<string, string> = {};
    for (const [name, expr] of fields) {
      const value = literal(expr);
      const text = value ? queryValue(value.value) : name === "name" || name === "secret_name" ? `unknown-${k.value}` : undefined;
      if (text !== undefined) fieldsQuery[name] = text;
    }
    query[k.value] = fieldsQuery;
  }
  if (Object.keys(query).length === 0) return problems;
  const { genesys_region: _region, ...rest } = runWide;
  try {
    parseManyQuery({ clients: JSON.stringify(query), ...rest }, {});
  } catch (error) {
    if (!(error instanceof ShimError)) throw error;
    for (const line of describeError(error).split("\n")) {
      const keys = [...line.matchAll(/clients\["((?:[^"\\]|\\.)*)"\]/g)].map((m) => JSON.parse(`"${m[1]!}"`) as string);
      const field = fieldOf(line.replace(/^(?:clients\[[^\]]*\](?:, )?)+: /, ""));
      for (const key of keys.length > 1 ? keys.slice(1) : keys) {
        const entry = byKey.get(key);
        const at = (field ? entry?.fields.get(field) : undefined) ?? entry?.fields.get("authorized_grant_type") ?? entry?.key;
        problems.push({ message: line, at: at && { start: at.start, end: at.end } });
      }
    }
  }
  return problems;
}
