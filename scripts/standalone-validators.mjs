// Validators as code, generated at build time by ajv from the schemas in src/core/schema-census.ts (ajv stays the
// source of truth), so the bundle neither carries ajv's compiler nor compiles a schema on each run. The generated
// module has the interface of src/external/compile-schema.ts, which it replaces in the bundle.
import { build } from "esbuild";
import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";

/** Imports src/core/schema-census.ts (TypeScript, bundled in memory without dependencies). */
export async function loadSchemaCensus(root) {
  const out = await build({
    absWorkingDir: root,
    entryPoints: ["src/core/schema-census.ts"],
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    logLevel: "warning",
    packages: "external",
  });
  const text = out.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(text).toString("base64")}`);
}

/** ES module source: the standalone validators plus compileSchema(schema), which looks them up by schema text. */
export function generateValidatorsModule({ PRECOMPILED_SCHEMAS, AJV_OPTIONS, schemaKey }) {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  const exportsByName = {};
  const keys = [];
  PRECOMPILED_SCHEMAS.forEach((schema, index) => {
    const name = `validate${index}`;
    const ref = `shim-precompiled-${index}`;
    // a schema's own $id would clash with nothing here, but the explicit key makes the reference independent of it
    const { $id: _ignored, ...withoutId } = schema;
    ajv.addSchema(withoutId, ref);
    exportsByName[name] = ref;
    keys.push([schemaKey(schema), name]);
  });
  const validators = standaloneCode(ajv, exportsByName);
  const table = keys.map(([key, name]) => `  [${JSON.stringify(key)}, ${name}],`).join("\n");
  return `${validators}
const precompiled = new Map([
${table}
]);
export function compileSchema(schema) {
  const validate = precompiled.get(JSON.stringify(schema));
  if (validate === undefined) throw new Error("internal error: a JSON schema without a build-time validator (add it to PRECOMPILED_SCHEMAS in src/core/schema-census.ts)");
  return validate;
}
`;
}
