// Every JSON Schema the CLI validates with, for scripts/standalone-validators.mjs: the bundle carries validators that
// ajv generated from these at build time, so no run compiles a schema. A separate file so that neither `external`
// loads the linter's schemas nor `lint` the shim's: only the build and its test read the census.
import { OAUTH_CLIENT_MODULE_SCHEMAS } from "../lint/oauth-client-schema.js";
import { DELETE_INPUT_SCHEMA, JSON_FIELD_SCHEMAS, MANY_QUERY_SCHEMA, QUERY_SCHEMA } from "../external/schemas.js";

export { AJV_OPTIONS, schemaKey } from "../external/schemas.js";

export const PRECOMPILED_SCHEMAS: readonly object[] = [
  QUERY_SCHEMA,
  ...Object.values(JSON_FIELD_SCHEMAS),
  DELETE_INPUT_SCHEMA,
  MANY_QUERY_SCHEMA,
  ...Object.values(OAUTH_CLIENT_MODULE_SCHEMAS),
];
