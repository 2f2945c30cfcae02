import { Ajv, type ValidateFunction } from "ajv";
import { AJV_OPTIONS } from "./schemas.js";

// Run-time schema compilation, for running from source only: scripts/build.mjs replaces this module in the bundle
// with the validators ajv generates from the same schemas and options at build time.

const ajv = new Ajv(AJV_OPTIONS);

export function compileSchema(schema: object): ValidateFunction {
  return ajv.compile(schema);
}
