import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { ValidateFunction } from "ajv";
// @ts-expect-error -- a plain .mjs build script without type declarations
import { generateValidatorsModule, loadSchemaCensus } from "../../scripts/standalone-validators.mjs";
import { compileSchema } from "../../src/external/compile-schema.js";
import { AJV_OPTIONS, PRECOMPILED_SCHEMAS, schemaKey } from "../../src/core/schema-census.js";
import { DELETE_INPUT_SCHEMA, JSON_FIELD_SCHEMAS, QUERY_SCHEMA } from "../../src/external/schemas.js";
import { OAUTH_CLIENT_MODULE_SCHEMAS } from "../../src/lint/oauth-client-schema.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The generated module as the bundle gets it: bundled by esbuild (it requires ajv's small runtime helpers). */
async function loadGenerated(): Promise<{ compileSchema: (schema: object) => ValidateFunction }> {
  const source = generateValidatorsModule({ PRECOMPILED_SCHEMAS, AJV_OPTIONS, schemaKey }) as string;
  const out = await build({
    stdin: { contents: source, resolveDir: root, loader: "js" },
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    logLevel: "silent",
  });
  const text = out.outputFiles[0]!.text;
  return (await import(`data:text/javascript;base64,${Buffer.from(text).toString("base64")}`)) as { compileSchema: (schema: object) => ValidateFunction };
}

const SAMPLES: Array<[object, unknown[]]> = [
  [
    QUERY_SCHEMA,
    [
      { name: "ok", secret_name: "a/b" },
      { name: "", secret_name: "a b", extra: "1" },
      { name: "   ", secret_name: "x".repeat(513), authorized_grant_type: "IMPLICIT", access_token_validity_seconds: "1h" },
      { secret_name: "s", aws_region: "moon", read_only: "yes", kms_key_id: "" },
      { name: 1, secret_name: null },
      [],
      "text",
    ],
  ],
  [
    JSON_FIELD_SCHEMAS.role_divisions,
    [
      [{ role_id: "r", division_id: "d" }],
      [{ role_id: "" }],
      [{ role_id: "r", division_id: "d", x: 1 }],
      {},
      Array.from({ length: 101 }, () => ({ role_id: "r", division_id: "d" })),
    ],
  ],
  [JSON_FIELD_SCHEMAS.string_list, [["a"], [""], [1], "a"]],
  [JSON_FIELD_SCHEMAS.secret_tags, [{ team: "x" }, { "genesys-oauth-shim:x": "y" }, { "aws:x": "y" }, { "": "y" }, { k: "v".repeat(257) }, { k: 1 }]],
  [
    OAUTH_CLIENT_MODULE_SCHEMAS.values,
    [
      { name: "n", secret_name: "a/b" },
      { secret_name: "a b", access_token_validity_seconds: 10, recovery_window_in_days: 3 },
      { authorized_grant_type: "IMPLICIT", secret_tags: { "aws:x": "y" } },
    ],
  ],
  [OAUTH_CLIENT_MODULE_SCHEMAS.shape, [{ name: null, secret_name: null }, { name: null, other: null }, {}]],
  [
    DELETE_INPUT_SCHEMA,
    [{ client_id: "c" }, { client_id: "" }, { recovery_window_in_days: "x", force_delete_without_recovery: "maybe" }, { client_id: "c", other: "1" }],
  ],
];

describe("build-time (standalone) validators", () => {
  it("accept and reject exactly what ajv compiling the same schema at run time does, with the same errors", async () => {
    const generated = await loadGenerated();
    for (const [schema, values] of SAMPLES) {
      const atRunTime = compileSchema(schema);
      const atBuildTime = generated.compileSchema(schema);
      for (const value of values) {
        const expected = atRunTime(value);
        const expectedErrors = structuredClone(atRunTime.errors);
        assert.equal(atBuildTime(value), expected, `valid? ${JSON.stringify(value)}`);
        assert.deepEqual(atBuildTime.errors ?? null, expectedErrors ?? null, `errors for ${JSON.stringify(value)}`);
      }
    }
  });

  it("cover every precompiled schema, and refuse a schema that was not precompiled instead of passing it", async () => {
    const generated = await loadGenerated();
    for (const schema of PRECOMPILED_SCHEMAS) assert.equal(typeof generated.compileSchema(structuredClone(schema)), "function");
    assert.throws(() => generated.compileSchema({ type: "string" }), /without a build-time validator/);
  });
});
