// The linter's view of a Terraform file: blocks and attributes with exact source ranges (from the syntax layer)
// and their values (from the semantic layer). Rules only ever see this model.
import type { Expr } from "./hcl-ast.js";

/** 1-based line and column (columns count UTF-16 code units, like editors and SARIF's default). */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Attribute {
  name: string;
  /** Whole `name = value`. */
  range: Range;
  nameRange: Range;
  valueRange: Range;
  /** Offset of the value's first character in the file text. */
  valueOffset: number;
  /** Raw source text of the value expression. */
  source: string;
  /**
   * Value in the hcl2json / Terraform JSON shape: literals keep their JSON type, every other expression is the
   * string "${source}", templates keep their interpolations, heredocs become plain strings.
   */
  value: unknown;
  /** The expression tree (for .tf.json, built from the value: strings are templates). */
  expr: Expr;
}

export interface Block {
  type: string;
  labels: string[];
  range: Range;
  /** The header: type and labels. */
  headerRange: Range;
  attributes: Attribute[];
  blocks: Block[];
  file: SourceFile;
}

export interface Comment {
  text: string;
  range: Range;
  /** True when only whitespace precedes the comment on its line. */
  ownLine: boolean;
}

export interface SourceFile {
  /** Path as given to / found by the linter, relative to the working directory when possible, `/` separators. */
  path: string;
  text: string;
  kind: "hcl" | "json";
  blocks: Block[];
  comments: Comment[];
  positionAt(offset: number): Position;
  /** Parts of the file that were not checked (an attribute nested too deep), reported like load errors. */
  problems?: LoadError[];
}

export type Severity = "error" | "warning" | "notice";

export const SEVERITY_RANK: Record<Severity, number> = { notice: 0, warning: 1, error: 2 };

/** What a rule reports; the runner adds the rule's id and severity. */
export interface RuleFinding {
  file: SourceFile;
  range: Range;
  message: string;
  /** Lower than the rule's own severity when the evidence is weaker (a name, a secret already in state). */
  severity?: Severity;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  docs: string;
  /** The source line of range.start, for code frames and fingerprints. */
  lineText: string;
}

/** A file that could not be read or parsed. */
export interface LoadError {
  file: string;
  position: Position;
  message: string;
}
