// Bundles the CLI into one self-contained ESM file inside the module folder,
// terraform/modules/oauth-clients/shim/genesys-oauth-shim.mjs, that Terraform runs with `node`:
// no tsx and no node_modules at run time for `external` and `delete`. Reproducible: same sources and lock file,
// same bytes (no timestamps, no absolute paths). The linter's parsers stay external and load on demand.
//
// Two steps: the CLI (src/cli.ts and everything it loads) becomes one CommonJS function, the payload; then
// src/bundle-entry.ts, which compiles the payload with V8's code cache, is bundled with the payload embedded as a
// string. docs/PERFORMANCE.md explains each choice below with its figures.
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeMetafile, build } from "esbuild";
import { generateValidatorsModule, loadSchemaCensus } from "./standalone-validators.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
const outfile = process.argv[2] ?? "terraform/modules/oauth-clients/shim/genesys-oauth-shim.mjs";
const analyze = process.env.SHIM_BUILD_ANALYZE === "1";

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
    b.onResolve({ filter: /^(\.\/|(\.\.\/)+external\/)compile-schema\.js$/ }, () => ({ path: "precompiled-validators.js", namespace: "shim-generated" }));
    b.onLoad({ filter: /.*/, namespace: "shim-generated" }, () => ({ contents: validatorsModule, loader: "js", resolveDir: root }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  write: false,
  platform: "node",
  target: "node20.18",
  minify: true,
  keepNames: true,
  charset: "utf8",
  logLevel: "warning",
};

// The payload. CommonJS, because only a vm.Script (not an ES module) can be compiled from V8's code cache on
// Node 20. In it every module initialises, and every Node built-in loads, when first used, not at start-up.
const payload = await build({
  ...common,
  entryPoints: ["src/cli.ts"],
  outfile: "payload.cjs",
  format: "cjs",
  // The ES module builds of the AWS SDK and Smithy packages (their "module" field) let esbuild drop what the
  // Secrets Manager client never calls; their CommonJS builds are bundled, and evaluated, whole.
  mainFields: ["module", "main"],
  plugins: [slimUndici, precompiledValidators],
  // A vm.Script has no import(): the linter's external parsers load through require() (both ship CommonJS).
  supported: { "dynamic-import": false },
  define: { __SHIM_VERSION__: JSON.stringify(pkg.version), "import.meta.url": "__shimBundleUrl" },
  external: ["@cdktf/hcl2json", "@cdktn/hcl2json", "web-tree-sitter", "@tree-sitter-grammars/tree-sitter-hcl"],
  legalComments: "eof",
  metafile: analyze,
  // SHIM_BUILD_SOURCEMAP=1: the payload's source map beside the bundle (OUTFILE.payload.map), for bench/profile.ts.
  sourcemap: process.env.SHIM_BUILD_SOURCEMAP === "1" ? "external" : false,
});
const payloadFile = payload.outputFiles.find((file) => file.path.endsWith(".cjs"));
// The hashbang becomes a comment: a function body cannot start with one, and line numbers keep matching the map.
const payloadText = payloadFile.text.replace(/^#!/, "//");
// A vm.Script has no dynamic import(): one left in the payload would fail at run time, so it fails the build.
if (/\bimport\s*\(/.test(payloadText)) throw new Error("the payload contains import(): it cannot run from node:vm (see supported above)");
const payloadMap = payload.outputFiles.find((file) => file.path.endsWith(".map"));
if (payloadMap) await writeFile(`${outfile}.payload.map`, payloadMap.contents);

const entry = await build({
  ...common,
  entryPoints: ["src/bundle-entry.ts"],
  outfile,
  format: "esm",
  banner: { js: "#!/usr/bin/env node" },
  legalComments: "none",
  define: {
    __SHIM_PAYLOAD__: JSON.stringify(payloadText),
    __SHIM_PAYLOAD_SHA256__: JSON.stringify(createHash("sha256").update(payloadText).digest("hex")),
  },
});
await writeFile(outfile, entry.outputFiles[0].contents, { mode: 0o755 });

// SHIM_BUILD_ANALYZE=1 node scripts/build.mjs: what the payload's bytes are made of, largest first.
if (payload.metafile) process.stdout.write(await analyzeMetafile(payload.metafile));
