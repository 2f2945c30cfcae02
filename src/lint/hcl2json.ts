// The ONE place that knows which hcl2json package provides HCL semantics. `@cdktn/hcl2json` (the maintained fork,
// same API and output) is a one-line switch here. Loaded lazily: the bundled CLI keeps it external and only `lint`
// pays for it.
import { loadParserPackage } from "./parser-packages.js";

type Hcl2Json = { parse(filename: string, contents: string): Promise<Record<string, unknown>> };

let loaded: Promise<Hcl2Json> | undefined;

function load(): Promise<Hcl2Json> {
  // The switch: replace the package name below with "@cdktn/hcl2json".
  loaded ??= loadParserPackage("@cdktf/hcl2json", () => import("@cdktf/hcl2json").then((m) => m as unknown as Hcl2Json));
  return loaded;
}

export class HclSemanticError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
  ) {
    super(message);
    this.name = "HclSemanticError";
  }
}

/** Parses HCL into the Terraform-JSON-like shape. Throws HclSemanticError with the first error's position. */
export async function parseHcl(filename: string, contents: string): Promise<Record<string, unknown>> {
  const hcl2json = await load();
  try {
    return await hcl2json.parse(filename, contents);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    // "parse config: [file.tf:2,6-3,1: Summary; Detail.]"
    const match = /:(\d+),(\d+)(?:-(?:\d+,)?\d+)?: ([^\]]*)/.exec(text);
    if (match) throw new HclSemanticError(match[3]!.trim(), Number(match[1]), Number(match[2]));
    throw new HclSemanticError(text.replace(/^parse config: /, ""), undefined, undefined);
  }
}
