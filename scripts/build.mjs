// Bundles the CLI into one self-contained ESM file inside the module folder,
// terraform/modules/oauth-client/shim/genesys-oauth-shim.mjs, that Terraform runs with `node`:
// no tsx and no node_modules at run time for `external` and `delete`. Reproducible: same sources and lock file,
// same bytes (no timestamps, no absolute paths). The linter's parsers stay external and load on demand.
import { build } from "esbuild";
import { copyFile, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
const outfile = process.argv[2] ?? "terraform/modules/oauth-client/shim/genesys-oauth-shim.mjs";

await build({
  absWorkingDir: root,
  entryPoints: ["src/cli.ts"],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.18",
  minify: true,
  keepNames: true,
  legalComments: "eof",
  charset: "utf8",
  logLevel: "warning",
  define: { __SHIM_VERSION__: JSON.stringify(pkg.version) },
  external: ["@cdktf/hcl2json", "@cdktn/hcl2json", "web-tree-sitter", "@tree-sitter-grammars/tree-sitter-hcl"],
  // Bundled CommonJS dependencies call require() for Node built-ins; give them one.
  banner: { js: "import { createRequire as __shimCreateRequire } from 'node:module';\nconst require = __shimCreateRequire(import.meta.url);" },
});

// terraform/modules/oauth-clients ships the same bytes, so each module folder works on its own however it is sourced.
if (process.argv[2] === undefined) {
  await mkdir(join(root, "terraform/modules/oauth-clients/shim"), { recursive: true });
  await copyFile(join(root, outfile), join(root, "terraform/modules/oauth-clients/shim/genesys-oauth-shim.mjs"));
}
