// Bundles the CLI into one self-contained ESM file inside the module folder,
// terraform/modules/oauth-client/shim/genesys-oauth-shim.mjs, that Terraform runs with `node`:
// no tsx and no node_modules at run time for `external` and `delete`. Reproducible: same sources and lock file,
// same bytes (no timestamps, no absolute paths). The linter's parsers stay external and load on demand.
import { analyzeMetafile, build } from "esbuild";
import { readFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { fileURLToPath } from "node:url";
import { generateValidatorsModule, loadSchemaCensus } from "./standalone-validators.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
const outfile = process.argv[2] ?? "terraform/modules/oauth-client/shim/genesys-oauth-shim.mjs";

const BANNER = [
  // Bundled CommonJS dependencies call require() for Node built-ins; give them one.
  "import { createRequire as __shimCreateRequire } from 'node:module';",
  "const require = __shimCreateRequire(import.meta.url);",
  // Terraform runs `external` (and `delete`) once per module instance, each a few requests through undici, whose
  // HTTP parser is WebAssembly. After a response or two V8 tiers the parser's one huge function up to TurboFan:
  // about 80 ms of CPU and 35 MiB of peak RSS per run, for a parser that then has next to nothing left to parse.
  // A tier-up budget no short run reaches keeps it on V8's baseline compiler (Liftoff). Long runs (lint,
  // simulate) keep V8's defaults. docs/PERFORMANCE.md has the figures.
  "if (process.argv[2] === 'external' || process.argv[2] === 'delete') (await import('node:v8')).setFlagsFromString('--wasm-tiering-budget=2000000000');",
].join("\n");

// `import … from "undici"` in src/ gets the slim entry (see its header); deep imports of undici are left alone.
const slimUndici = {
  name: "slim-undici",
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, () => ({ path: fileURLToPath(new URL("./undici-slim.mjs", import.meta.url)) }));
  },
};

// src/external/compile-schema.ts (ajv compiling at run time) becomes the validators ajv generates now.
const validatorsModule = generateValidatorsModule(await loadSchemaCensus(root));
const precompiledValidators = {
  name: "precompiled-validators",
  setup(b) {
    b.onResolve({ filter: /^\.\/compile-schema\.js$/ }, () => ({ path: "precompiled-validators.js", namespace: "shim-generated" }));
    b.onLoad({ filter: /.*/, namespace: "shim-generated" }, () => ({ contents: validatorsModule, loader: "js", resolveDir: root }));
  },
};

// In an ES module bundle esbuild hoists every `import … from "node:…"` to the top, so each built-in any bundled
// module imports (http2, tls, zlib, child_process, readline, assert, dgram, …: the linter's, the simulator's and
// the unused parts of the AWS SDK's) would load on every run. Here each import of a built-in becomes a lazily
// evaluated CommonJS wrapper around require(): a built-in loads when the first module that imports it initialises.
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== "import-statement" || !isBuiltin(args.path)) return undefined;
      return { path: args.path, namespace: "lazy-builtin" };
    });
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: "js" }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: ["src/cli.ts"],
  outfile,
  bundle: true,
  platform: "node",
  // The ES module builds of the AWS SDK and Smithy packages (their "module" field) let esbuild drop what the
  // Secrets Manager client never calls; their CommonJS builds are bundled, and evaluated, whole.
  mainFields: ["module", "main"],
  plugins: [slimUndici, precompiledValidators, lazyBuiltins],
  format: "esm",
  target: "node20.18",
  minify: true,
  keepNames: true,
  legalComments: "eof",
  charset: "utf8",
  logLevel: "warning",
  define: { __SHIM_VERSION__: JSON.stringify(pkg.version) },
  external: ["@cdktf/hcl2json", "@cdktn/hcl2json", "web-tree-sitter", "@tree-sitter-grammars/tree-sitter-hcl"],
  metafile: process.env.SHIM_BUILD_ANALYZE === "1",
  // SHIM_BUILD_SOURCEMAP=1: a .map beside the bundle, for profiling (bench/profile.ts); never for the shipped one.
  sourcemap: process.env.SHIM_BUILD_SOURCEMAP === "1" ? "linked" : false,
  banner: { js: BANNER },
});

// SHIM_BUILD_ANALYZE=1 node scripts/build.mjs: what the bundle's bytes are made of, largest first.
if (result.metafile) process.stdout.write(await analyzeMetafile(result.metafile));
