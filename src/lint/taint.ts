// Taint, not names: a module is a graph of values (variables, locals, resources, data sources, ephemeral
// resources, module calls, outputs). "Secret" starts at known sources and follows references, for-expressions,
// splats, index steps and each.value / self / dynamic iterators to the sinks that persist values. Rules ask the
// graph which facts reach a sink; they never match names themselves.
import { isLiteral as isLiteralValue, stringLeaves } from "./expressions.js";
import { DECIDING_OPERATORS, type Expr, type Step } from "./hcl-ast.js";
import { exprOfJson } from "./hcl-value.js";
import type { Attribute, Block } from "./model.js";
import { isSecretName, isWriteOnlyArgument, SECRET_ATTRIBUTES, SECRET_STORE_ARGUMENTS } from "./secrets.js";

/**
 * How sure we are, and whether the value is already in state without this flow:
 * - genesys: the Genesys OAuth client secret (reading it at all needs expose_client_secret, which puts it in state)
 * - unstored: a sensitive or ephemeral variable or an ephemeral value: nowhere in state unless a sink puts it there
 * - stored: a secret attribute its own resource or data source already keeps in state
 * - named: no proof, only a secret-like name
 */
export type SecretKind = "genesys" | "unstored" | "stored" | "named";

export interface Fact {
  kind: SecretKind;
  /** Where the secret comes from, e.g. `genesyscloud_oauth_client.app.client_secret` or `sensitive variable var.pw`. */
  origin: string;
  /** The reference at the sink that carries it, index steps removed, e.g. `local.r.client_secret`. */
  reference: string;
  /** Attribute path inside the value still to be taken to reach the secret; [] means the value is the secret. */
  path: string[];
}

export const KIND_RANK: Record<SecretKind, number> = { named: 0, stored: 1, unstored: 2, genesys: 3 };

type Bindings = ReadonlyMap<string, Fact[]>;
const NO_BINDINGS: Bindings = new Map();

const META_ARGUMENTS = new Set(["count", "for_each", "depends_on", "provider", "providers", "source", "version"]);
const NOT_PERSISTED_BLOCKS = new Set(["lifecycle", "provisioner", "connection", "precondition", "postcondition"]);

/**
 * Which arguments of a function carry their value into the result; the others only decide (a count, a key, an
 * index, a yes/no) or are read as a path or pattern. Functions not listed carry every argument.
 */
const CARRYING_ARGUMENTS: Record<string, readonly number[]> = {
  length: [],
  keys: [],
  can: [],
  contains: [],
  startswith: [],
  endswith: [],
  bcrypt: [],
  issensitive: [],
  alltrue: [],
  anytrue: [],
  index: [],
  fileexists: [],
  range: [],
  file: [],
  lookup: [0, 2],
  element: [0],
  slice: [0],
  substr: [0],
  replace: [0, 2],
  regex: [1],
  regexall: [1],
  split: [1],
  templatefile: [1],
};

/** Every `resource.name.a.b` / `data.type.name.a.b` the module reads whose last attribute is named like a secret, by address. */
function collectReadPaths(blocks: Block[]): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  const seen = new Set<string>();
  const visit = (expr: Expr, depth: number): void => {
    if (depth > 1000) return;
    if (expr.kind === "traversal" && expr.target.kind === "variable") {
      const parts = referenceOf(expr.target.name, expr.steps).split(".");
      const head = parts[0] === "data" ? 3 : 2;
      const last = parts[parts.length - 1]!;
      if (parts.length > head && (parts[0] === "data" || parts[0]!.includes("_")) && isSecretName(last) && !seen.has(parts.join("."))) {
        seen.add(parts.join("."));
        const address = parts.slice(0, head).join(".");
        out.set(address, [...(out.get(address) ?? []), parts.slice(head)]);
      }
    }
    forEachChild(expr, (child) => visit(child, depth + 1));
  };
  const walk = (block: Block): void => {
    for (const a of block.attributes) visit(a.expr, 0);
    for (const b of block.blocks) walk(b);
  };
  for (const b of blocks) walk(b);
  return out;
}

/** Calls `f` on each direct sub-expression. */
function forEachChild(expr: Expr, f: (child: Expr) => void): void {
  switch (expr.kind) {
    case "traversal":
      f(expr.target);
      for (const s of expr.steps) if (s.kind === "index") f(s.key);
      return;
    case "call":
      return expr.args.forEach(f);
    case "tuple":
      return expr.items.forEach(f);
    case "object":
      for (const i of expr.items) {
        f(i.key);
        f(i.value);
      }
      return;
    case "for":
      f(expr.collection);
      if (expr.key) f(expr.key);
      f(expr.value);
      if (expr.condition) f(expr.condition);
      return;
    case "binary":
      f(expr.left);
      f(expr.right);
      return;
    case "unary":
      return f(expr.operand);
    case "conditional":
      f(expr.condition);
      f(expr.then);
      f(expr.else);
      return;
    case "paren":
      return f(expr.inner);
    case "template":
      for (const p of expr.parts) {
        if (p.kind === "interpolation") f(p.expr);
        else if (p.kind === "if") f(p.condition);
        else if (p.kind === "for") f(p.collection);
      }
      return;
    default:
      return;
  }
}

/** The root name and attribute steps of a traversal, index and splat steps dropped: `a["b"][0].*.c` → `a.b.c`. */
function referenceOf(root: string, steps: Step[]): string {
  let out = root;
  for (const s of steps) {
    if (s.kind === "attr") out += `.${s.name}`;
    else if (s.kind === "index" && s.key.kind === "literal" && typeof s.key.value === "string") out += `.${s.key.value}`;
    else if (s.kind === "index" && s.key.kind === "template" && s.key.parts.length === 1 && s.key.parts[0]!.kind === "text") out += `.${s.key.parts[0]!.text}`;
  }
  return out;
}

export class ValueGraph {
  private readonly variables = new Map<string, Block>();
  private readonly locals = new Map<string, Attribute>();
  private readonly localFacts = new Map<string, Fact[] | "pending">();

  private readonly resolving = new Set<ValueGraph>();
  /** Set by the runner when another module linted in the same run calls this one (then it is not a root module). */
  calledByLintedModule = false;

  /**
   * @param childModules the graph of a called module (by call name) when its directory is linted too; module
   *   outputs then carry the child's facts instead of a name heuristic.
   */
  constructor(
    readonly blocks: Block[],
    private readonly childModules?: (call: string) => ValueGraph | undefined,
    /** Proven facts that calling modules (linted in the same run) pass into a variable of this module. */
    private readonly passedIn?: (variable: string) => Fact[],
    /** The module blocks (in modules linted in the same run) that call this module, with their graphs. */
    private readonly callers?: () => { graph: ValueGraph; call: Block }[],
  ) {
    for (const b of blocks) {
      if (b.type === "variable" && b.labels[0]) this.variables.set(b.labels[0], b);
      if (b.type === "locals") for (const a of b.attributes) this.locals.set(a.name, a);
    }
  }

  /** Facts of an attribute value in the scope of the block that holds it (each.value, self, dynamic iterators). */
  factsOf(attribute: Attribute, scope: Bindings = NO_BINDINGS): Fact[] {
    return this.factsOfExpr(attribute.expr, scope);
  }

  factsOfValue(value: unknown, scope: Bindings = NO_BINDINGS): Fact[] {
    return this.factsOfExpr(exprOfJson(value), scope);
  }

  /**
   * Facts an expression's VALUE carries. Only positions that put their value into the result count: a condition,
   * a comparison, an index, a for-expression's `if`, a template's `%{if}` or an argument such as length()'s only
   * decide, so a secret used there selects a value without being part of it.
   */
  factsOfExpr(expr: Expr, scope: Bindings): Fact[] {
    switch (expr.kind) {
      case "literal":
        return [];
      case "variable":
        return this.resolve(expr.name, scope);
      case "traversal":
        if (expr.target.kind === "variable") return this.resolve(referenceOf(expr.target.name, expr.steps), scope);
        return this.factsOfExpr(expr.target, scope).flatMap((f) => this.step([f], referenceOf("", expr.steps).split(".").filter(Boolean), f.reference));
      case "paren":
        return this.factsOfExpr(expr.inner, scope);
      case "unary":
        return expr.op === "!" ? [] : this.factsOfExpr(expr.operand, scope);
      case "binary":
        return DECIDING_OPERATORS.has(expr.op) ? [] : [...this.factsOfExpr(expr.left, scope), ...this.factsOfExpr(expr.right, scope)];
      case "conditional":
        return [...this.factsOfExpr(expr.then, scope), ...this.factsOfExpr(expr.else, scope)];
      case "call": {
        const carrying = CARRYING_ARGUMENTS[expr.name];
        return expr.args.flatMap((arg, i) => (carrying === undefined || carrying.includes(i) ? this.factsOfExpr(arg, scope) : []));
      }
      case "tuple":
        return expr.items.flatMap((item) => this.factsOfExpr(item, scope));
      case "object":
        return expr.items.flatMap(({ key, value }) => [...this.factsOfExpr(key, scope), ...this.factsOfExpr(value, scope)]);
      case "for": {
        const inner = new Map(scope);
        inner.set(expr.valueVar, this.factsOfExpr(expr.collection, scope));
        if (expr.keyVar) inner.set(expr.keyVar, []);
        return [...(expr.key ? this.factsOfExpr(expr.key, inner) : []), ...this.factsOfExpr(expr.value, inner)];
      }
      case "template": {
        const out: Fact[] = [];
        const stack: Bindings[] = [scope];
        for (const part of expr.parts) {
          const bindings = stack[stack.length - 1]!;
          if (part.kind === "interpolation") out.push(...this.factsOfExpr(part.expr, bindings));
          else if (part.kind === "for") {
            // %{ for v in coll } binds v until its %{ endfor }.
            const next = new Map(bindings);
            next.set(part.valueVar, this.factsOfExpr(part.collection, bindings));
            if (part.keyVar) next.set(part.keyVar, []);
            stack.push(next);
          } else if (part.kind === "endfor" && stack.length > 1) stack.pop();
        }
        return out;
      }
    }
  }

  /**
   * The literal values an expression can have, each with where it comes from: a literal itself, a local, or a
   * variable's default and the literal arguments of the module calls linted in the same run. Empty when unknown.
   */
  possibleValues(expr: Expr, depth = 0): { value: unknown; via: string }[] {
    if (depth > 20) return [];
    if (expr.kind === "literal") return [{ value: expr.value, via: "" }];
    if (expr.kind === "template" && expr.parts.every((p) => p.kind === "text"))
      return [{ value: expr.parts.map((p) => (p.kind === "text" ? p.text : "")).join(""), via: "" }];
    if (expr.kind === "paren") return this.possibleValues(expr.inner, depth + 1);
    if (expr.kind === "template" && expr.parts.length === 1 && expr.parts[0]!.kind === "interpolation")
      return this.possibleValues(expr.parts[0]!.expr, depth + 1);
    if (expr.kind !== "traversal" || expr.target.kind !== "variable" || expr.steps.length !== 1 || expr.steps[0]!.kind !== "attr") return [];
    const name = expr.steps[0]!.name;
    if (expr.target.name === "local") {
      const local = this.locals.get(name);
      return local ? this.possibleValues(local.expr, depth + 1).map((v) => ({ ...v, via: v.via || `local.${name}` })) : [];
    }
    if (expr.target.name !== "var") return [];
    const out: { value: unknown; via: string }[] = [];
    const callers = this.callers?.() ?? [];
    let alwaysPassed = callers.length > 0;
    for (const { graph, call } of callers) {
      const argument = call.attributes.find((a) => a.name === name);
      if (!argument) alwaysPassed = false;
      else
        out.push(
          ...graph.possibleValues(argument.expr, depth + 1).map((v) => ({
            value: v.value,
            via: `module "${call.labels[0]}" in ${call.file.path} passes ${JSON.stringify(v.value)}${v.via ? ` (${v.via})` : ""}`,
          })),
        );
    }
    const fallback = this.variables.get(name)?.attributes.find((a) => a.name === "default");
    if (fallback && !alwaysPassed)
      out.push(
        ...this.possibleValues(fallback.expr, depth + 1).map((v) => ({ value: v.value, via: `the default of var.${name} is ${JSON.stringify(v.value)}` })),
      );
    return out;
  }

  /** Facts carried by one reference (index steps already removed). */
  resolve(reference: string, bindings: Bindings = NO_BINDINGS): Fact[] {
    const parts = reference.split(".");
    const [root, second] = parts;
    if (!root) return [];
    const two = second !== undefined ? `${root}.${second}` : undefined;
    if (two && bindings.has(two)) return this.step(bindings.get(two)!, parts.slice(2), reference);
    if (bindings.has(root)) return this.step(bindings.get(root)!, parts.slice(1), reference);
    if (!second) return [];
    switch (root) {
      case "var":
        return this.step(this.variableFacts(second), parts.slice(2), reference);
      case "local":
        return this.step(this.localFactsOf(second), parts.slice(2), reference);
      case "ephemeral":
        return parts.length >= 3 ? [{ kind: "unstored", origin: `ephemeral value ${parts.slice(0, 3).join(".")}`, reference, path: [] }] : [];
      case "module":
        return parts.length >= 3 ? this.moduleOutput(second, parts[2]!, parts.slice(3), reference) : [];
      case "data":
        return parts.length >= 3 ? this.resourceStep(second, `data.${second}.${parts[2]}`, parts.slice(3), reference) : [];
      case "each":
      case "count":
      case "self":
      case "path":
      case "terraform":
        return [];
      default:
        return root.includes("_") ? this.resourceStep(root, `${root}.${second}`, parts.slice(2), reference) : [];
    }
  }

  /** Takes attribute steps into facts: a fact survives while its path matches, or once it is the secret itself. */
  private step(facts: Fact[], steps: string[], reference: string): Fact[] {
    const out: Fact[] = [];
    for (const fact of facts) {
      let path = fact.path;
      let i = 0;
      for (; i < steps.length && path.length > 0; i++) {
        if (steps[i] !== path[0]) break;
        path = path.slice(1);
      }
      if (i < steps.length && path.length > 0) continue;
      out.push({ ...fact, reference, path });
    }
    return out;
  }

  /**
   * A resource or data source attribute. A type the provider-schema table knows (secrets.ts) has exactly the
   * secrets the table lists: its other attributes are not secrets whatever their names (aws_db_instance's
   * master_user_secret holds an ARN, a KMS key id and a status). For other types a secret-like name is the
   * heuristic, also when the reference stops above it: the whole `data.external.x.result` holds the
   * `result.access_token` that the module reads elsewhere.
   */
  private resourceStep(type: string, address: string, steps: string[], reference: string): Fact[] {
    if (SECRET_ATTRIBUTES[type]) return this.step(this.resourceFacts(type, address), steps, reference);
    const attribute = steps[steps.length - 1];
    if (attribute && isSecretName(attribute) && !isWriteOnlyArgument(attribute)) {
      return [{ kind: "named", origin: `${address}.${steps.join(".")} (named like a secret)`, reference, path: [] }];
    }
    const read = this.secretPathsUnder(address, steps).map((path): Fact => ({
      kind: "named",
      origin: `${[address, ...steps, ...path].join(".")} (named like a secret)`,
      reference,
      path,
    }));
    if (read.length > 0 || type !== "external" || !address.startsWith("data.") || (steps.length > 0 && steps[0] !== "result")) return read;
    // The result of a program named like a secret (get-token.sh, fetch_secret.py) is named like one.
    const program = this.blocks
      .find((b) => b.type === "data" && `data.${b.labels[0]}.${b.labels[1]}` === address)
      ?.attributes.find((a) => a.name === "program");
    const named = stringLeaves(program?.value).find((arg) => isSecretName(arg.replace(/^.*[\\/]/, "").replace(/\.[A-Za-z0-9]+$/, "")));
    return named ? [{ kind: "named", origin: `${address}.result (the output of ${named}, named like a secret)`, reference, path: [] }] : [];
  }

  private readPaths: Map<string, string[][]> | undefined;

  /** Paths below `address.steps` that the module reads somewhere and whose last attribute is named like a secret. */
  private secretPathsUnder(address: string, steps: string[]): string[][] {
    this.readPaths ??= collectReadPaths(this.blocks);
    const out: string[][] = [];
    for (const path of this.readPaths.get(address) ?? []) {
      if (path.length > steps.length && steps.every((s, i) => path[i] === s)) out.push(path.slice(steps.length));
    }
    return out;
  }

  /** A called module's output: its facts when the module was linted too (local source), else a name heuristic. */
  private moduleOutput(call: string, output: string, steps: string[], reference: string): Fact[] {
    const child = this.childModules?.(call);
    const value = child?.blocks.find((b) => b.type === "output" && b.labels[0] === output)?.attributes.find((a) => a.name === "value");
    if (child && !this.resolving.has(child)) {
      if (!value) return [];
      this.resolving.add(child);
      try {
        const facts = child.factsOf(value).map((f) => ({ ...f, origin: `${f.origin}, through module.${call}.${output}` }));
        return this.step(facts, steps, reference);
      } finally {
        this.resolving.delete(child);
      }
    }
    const last = steps[steps.length - 1] ?? output;
    return isSecretName(last)
      ? [{ kind: "named", origin: `module output module.${call}.${[output, ...steps].join(".")} (named like a secret)`, reference, path: [] }]
      : [];
  }

  private resourceFacts(type: string, address: string): Fact[] {
    const known = SECRET_ATTRIBUTES[type];
    if (!known) return [];
    return known.attributes.map((attribute) => ({
      kind: known.genesys ? "genesys" : "stored",
      origin: known.genesys ? `the Genesys OAuth client secret ${address}.${attribute}` : `${address}.${attribute} (secret by provider schema)`,
      reference: address,
      path: [attribute],
    }));
  }

  private variableFacts(name: string): Fact[] {
    const own = this.ownVariableFacts(name);
    if (own.some((f) => f.kind !== "named") || !this.passedIn) return own;
    return [...this.passedIn(name).map((f) => ({ ...f, reference: `var.${name}` })), ...own];
  }

  private ownVariableFacts(name: string): Fact[] {
    const block = this.variables.get(name);
    const flag = (n: string) => block?.attributes.find((a) => a.name === n)?.value === true;
    if (block && flag("sensitive")) return [{ kind: "unstored", origin: `sensitive variable var.${name}`, reference: `var.${name}`, path: [] }];
    if (block && flag("ephemeral")) return [{ kind: "unstored", origin: `ephemeral variable var.${name}`, reference: `var.${name}`, path: [] }];
    if (isSecretName(name)) return [{ kind: "named", origin: `var.${name} (named like a secret)`, reference: `var.${name}`, path: [] }];
    return [];
  }

  private localFactsOf(name: string): Fact[] {
    const cached = this.localFacts.get(name);
    if (cached === "pending") return [];
    if (cached) return cached;
    const attribute = this.locals.get(name);
    if (!attribute) return [];
    this.localFacts.set(name, "pending");
    let facts = this.factsOf(attribute);
    if (facts.length === 0 && isSecretName(name) && !isLiteralValue(attribute.value))
      facts = [{ kind: "named", origin: `local.${name} (named like a secret)`, reference: `local.${name}`, path: [] }];
    this.localFacts.set(name, facts);
    return facts;
  }

  /** The scope of a block's attributes: each.value of its for_each, self, and dynamic block iterators. */
  scopeOf(top: Block, nested: Block[] = []): Bindings {
    const scope = new Map<string, Fact[]>();
    const forEach = top.attributes.find((a) => a.name === "for_each");
    if (forEach) scope.set("each.value", this.factsOf(forEach));
    if (top.type === "resource" || top.type === "data") {
      const [type, name] = top.labels;
      if (type && name) scope.set("self", this.resourceFacts(type, top.type === "data" ? `data.${type}.${name}` : `${type}.${name}`));
    }
    for (const d of nested) {
      if (d.type !== "dynamic" || !d.labels[0]) continue;
      const iterator = d.attributes.find((a) => a.name === "iterator")?.source ?? d.labels[0];
      const collection = d.attributes.find((a) => a.name === "for_each");
      if (collection) scope.set(`${iterator}.value`, this.factsOf(collection, scope));
    }
    return scope;
  }
}

export type SinkKind = "argument" | "output" | "trigger" | "external_query" | "external_program" | "secret_version" | "command";

export interface Sink {
  kind: SinkKind;
  /** The top-level block (resource, data, output). */
  block: Block;
  /** The block the attribute is written in (the top block, a nested block or a provisioner). */
  owner: Block;
  attribute: Attribute;
  /** e.g. `aws_lambda_function.f.environment.variables`, `output "x"`, `data.external.q.query`. */
  label: string;
  facts: Fact[];
}

const TRIGGERS: Record<string, string[]> = { terraform_data: ["input", "triggers_replace"], null_resource: ["triggers"] };

/** Every place in the module where a value is persisted (state, plan) or exposed (argv, logs), with its facts. */
export function findSinks(graph: ValueGraph): Sink[] {
  const sinks: Sink[] = [];
  for (const block of graph.blocks) {
    if (block.type === "output") {
      const value = block.attributes.find((a) => a.name === "value");
      const ephemeral = block.attributes.find((a) => a.name === "ephemeral")?.value === true;
      if (value && !ephemeral)
        sinks.push({ kind: "output", block, owner: block, attribute: value, label: `output "${block.labels[0]}"`, facts: graph.factsOf(value) });
      continue;
    }
    if (block.type !== "resource" && block.type !== "data") continue;
    const [type, name] = block.labels;
    const address = block.type === "data" ? `data.${type}.${name}` : `${type}.${name}`;
    const visit = (owner: Block, prefix: string, parents: Block[]) => {
      const scope = graph.scopeOf(block, parents);
      for (const a of owner.attributes) {
        if (owner === block && META_ARGUMENTS.has(a.name)) continue;
        if (isWriteOnlyArgument(a.name)) continue;
        let kind: SinkKind = "argument";
        if (owner === block && TRIGGERS[type ?? ""]?.includes(a.name) && block.type === "resource") kind = "trigger";
        else if (owner === block && block.type === "data" && type === "external" && a.name === "query") kind = "external_query";
        else if (owner === block && block.type === "data" && type === "external" && a.name === "program") kind = "external_program";
        else if (owner === block && block.type === "resource" && SECRET_STORE_ARGUMENTS[type ?? ""]?.includes(a.name)) kind = "secret_version";
        sinks.push({ kind, block, owner, attribute: a, label: `${prefix}.${a.name}`, facts: graph.factsOf(a, scope) });
      }
      for (const nested of owner.blocks) {
        if (nested.type === "provisioner") {
          if (nested.labels[0] !== "local-exec") continue;
          const provisionerScope = graph.scopeOf(block, parents);
          for (const a of nested.attributes) {
            if (a.name !== "command" && a.name !== "interpreter") continue;
            sinks.push({ kind: "command", block, owner: nested, attribute: a, label: `local-exec ${a.name}`, facts: graph.factsOf(a, provisionerScope) });
          }
          continue;
        }
        if (NOT_PERSISTED_BLOCKS.has(nested.type)) continue;
        if (nested.type === "dynamic") {
          for (const content of nested.blocks.filter((b) => b.type === "content")) visit(content, `${prefix}.${nested.labels[0]}`, [...parents, nested]);
          continue;
        }
        visit(nested, `${prefix}.${nested.type}`, parents);
      }
    };
    visit(block, address, []);
  }
  return sinks;
}

/** The strongest fact first, one per origin. */
export function strongest(facts: Fact[]): Fact[] {
  const byOrigin = new Map<string, Fact>();
  for (const f of facts) if (!byOrigin.has(f.origin) || KIND_RANK[f.kind] > KIND_RANK[byOrigin.get(f.origin)!.kind]) byOrigin.set(f.origin, f);
  return [...byOrigin.values()].sort((a, b) => KIND_RANK[b.kind] - KIND_RANK[a.kind]);
}
