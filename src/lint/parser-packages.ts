// lint's HCL parsers are npm packages with WebAssembly inside; the bundle that ships in the Terraform module carries
// only what `external` and `delete` need, so a copy without node_modules beside it has no parsers. Say what to run.

const PACKAGES = "@cdktf/hcl2json, web-tree-sitter and @tree-sitter-grammars/tree-sitter-hcl";

export class ParserPackagesMissing extends Error {
  constructor(missing: string) {
    super(
      `lint needs its HCL parsers (${PACKAGES}), and ${missing} is not installed beside this copy of genesys-oauth-shim ` +
        "(the bundle inside the Terraform module carries only what `external` and `delete` need). " +
        "Run `npm ci` in a clone of the repository and then `node bin/genesys-oauth-shim.mjs lint`, or install the package " +
        "(`npm install -g genesys-oauth-shim`, or `npx genesys-oauth-shim lint`).",
    );
    this.name = "ParserPackagesMissing";
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND";
}

/** Runs load(); a package that cannot be found becomes ParserPackagesMissing naming it. */
export async function loadParserPackage<T>(name: string, load: () => Promise<T> | T): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isModuleNotFound(error)) throw new ParserPackagesMissing(name);
    throw error;
  }
}
