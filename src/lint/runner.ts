// Runs the enabled rules over every module (directory) found under the paths and returns sorted findings and
// load errors. Knows nothing about output formats.
import path from "node:path";
import { discover, displayPath } from "./files.js";
import { loadFile } from "./load.js";
import type { Block, Finding, LoadError, Severity, SourceFile } from "./model.js";
import { SEVERITY_RANK } from "./model.js";
import type { Rule, RuleContext } from "./rule.js";
import { Suppressions } from "./suppress.js";
import { findSinks, ValueGraph } from "./taint.js";

export interface LintOptions {
  paths: string[];
  cwd: string;
  rules: readonly Rule[];
  minSeverity: Severity;
}

export interface LintResult {
  files: number;
  findings: Finding[];
  errors: LoadError[];
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file
    ? -1
    : a.file > b.file
      ? 1
      : a.range.start.line - b.range.start.line ||
        a.range.start.column - b.range.start.column ||
        (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
        (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** The directory of a module call with a local source (./ or ../), for following its outputs. */
function localModuleDir(dir: string, blocks: Block[], call: string): string | undefined {
  const source = blocks.find((b) => b.type === "module" && b.labels[0] === call)?.attributes.find((a) => a.name === "source")?.value;
  return typeof source === "string" && /^\.\.?\//.test(source) ? path.resolve(dir, source) : undefined;
}

export async function lint(options: LintOptions): Promise<LintResult> {
  const absolute = await discover(options.paths, options.cwd);
  const loaded = await Promise.all(absolute.map((p) => loadFile(p, displayPath(p, options.cwd)).then((r) => ({ abs: p, r }))));
  const errors: LoadError[] = [];
  const modules = new Map<string, SourceFile[]>();
  for (const { abs, r } of loaded) {
    if ("blocks" in r) {
      const dir = path.dirname(abs);
      modules.set(dir, [...(modules.get(dir) ?? []), r]);
      errors.push(...(r.problems ?? []));
    } else errors.push(r);
  }
  const findings: Finding[] = [];
  const seen = new Set<string>();
  /** Each file's lines, split once when it has a finding (for the code frame and fingerprint). */
  const lines = new Map<SourceFile, string[]>();
  // Modules linted in the same run are connected through their local module calls: outputs flow up to the caller,
  // proven secrets passed as arguments flow down into the called module's variables.
  const graphs = new Map<string, ValueGraph>();
  const callers = new Map<string, { graph: ValueGraph; call: Block }[]>();
  const passing = new Set<string>();
  const passedIn = (dir: string) => (variable: string) => {
    const key = `${dir}\0${variable}`;
    if (passing.has(key)) return [];
    passing.add(key);
    try {
      return (callers.get(dir) ?? []).flatMap(({ graph, call }) => {
        const argument = call.attributes.find((a) => a.name === variable);
        if (!argument) return [];
        const where = `module "${call.labels[0]}" in ${call.file.path}`;
        return graph
          .factsOf(argument, graph.scopeOf(call))
          .filter((f) => f.kind !== "named")
          .map((f) => ({ ...f, origin: `${f.origin}, passed in by ${where}` }));
      });
    } finally {
      passing.delete(key);
    }
  };
  for (const [dir, files] of modules) {
    const blocks = files.flatMap((f) => f.blocks);
    graphs.set(
      dir,
      new ValueGraph(
        blocks,
        (call) => graphs.get(localModuleDir(dir, blocks, call) ?? ""),
        passedIn(dir),
        () => callers.get(dir) ?? [],
      ),
    );
  }
  for (const [dir, files] of modules) {
    const graph = graphs.get(dir)!;
    for (const call of files.flatMap((f) => f.blocks).filter((b) => b.type === "module" && b.labels[0])) {
      const child = localModuleDir(dir, graph.blocks, call.labels[0]!);
      if (child && graphs.has(child)) {
        callers.set(child, [...(callers.get(child) ?? []), { graph, call }]);
        graphs.get(child)!.calledByLintedModule = true;
      }
    }
  }
  for (const [dir, files] of modules) {
    const blocks = files.flatMap((f) => f.blocks);
    const graph = graphs.get(dir)!;
    const context: RuleContext = { files, blocks, graph, sinks: findSinks(graph) };
    const suppressions = new Map(files.map((f) => [f, new Suppressions(f)]));
    for (const rule of options.rules) {
      if (SEVERITY_RANK[rule.severity] < SEVERITY_RANK[options.minSeverity]) continue;
      for (const f of rule.check(context)) {
        const severity = f.severity ?? rule.severity;
        if (SEVERITY_RANK[severity] < SEVERITY_RANK[options.minSeverity]) continue;
        if (suppressions.get(f.file)?.isSuppressed(rule.id, f.range)) continue;
        const key = `${rule.id}\0${f.file.path}\0${f.range.start.line}:${f.range.start.column}\0${f.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (!lines.has(f.file)) lines.set(f.file, f.file.text.split("\n"));
        const lineText = lines.get(f.file)![f.range.start.line - 1]?.replace(/\r$/, "") ?? "";
        findings.push({ ruleId: rule.id, severity, message: f.message, file: f.file.path, range: f.range, docs: rule.docs, lineText });
      }
    }
  }
  findings.sort(compareFindings);
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files: absolute.length, findings, errors };
}
