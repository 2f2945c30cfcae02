import type { ErrorObject, ValidateFunction } from "ajv";
import { ShimError } from "../core/errors.js";
import { compileSchema } from "./compile-schema.js";

// ajv errors turned into sentences that name the field and what is allowed.

const cache = new WeakMap<object, ValidateFunction>();

export function compiled(schema: object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = compileSchema(schema);
    cache.set(schema, fn);
  }
  return fn;
}

function fieldOf(error: ErrorObject, root: string): string {
  const path = error.instancePath.split("/").filter(Boolean).join(".");
  const missing = error.keyword === "required" ? (error.params as { missingProperty: string }).missingProperty : undefined;
  const parts = [root, path, missing].filter(Boolean);
  return parts.join(".") || root || "input";
}

export function sentence(error: ErrorObject, schema: { description?: string } | undefined): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return "is required but missing";
    case "type":
      return `must be a ${String(p.type)}`;
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "pattern":
    case "format":
      return `has an invalid format${schema?.description ? ` (expected ${schema.description})` : ""}`;
    case "minLength":
      return Number(p.limit) === 1 ? "must not be empty" : `must be at least ${String(p.limit)} characters`;
    case "maxLength":
      return `must be at most ${String(p.limit)} characters`;
    case "maxItems":
      return `must have at most ${String(p.limit)} items`;
    case "maxProperties":
      return `must have at most ${String(p.limit)} entries`;
    case "not":
      return "uses a reserved name";
    case "propertyNames":
      return `has an invalid key ${JSON.stringify(p.propertyName)} (keys are 1-128 characters and may not start with "genesys-oauth-shim:" or "aws:")`;
    default:
      return error.message ?? "is invalid";
  }
}

/** Throws one INVALID_INPUT error listing every problem; unknown keys are reported together with the allowed ones. */
export function validateOrThrow(schemaObject: object, value: unknown, root = ""): void {
  const schema = schemaObject as { properties?: Record<string, { description?: string }> };
  const validate = compiled(schema);
  if (validate(value)) return;
  const errors = (validate.errors ?? []).filter(
    (e) => e.keyword !== "if" && !(e.keyword === "not" && validate.errors!.some((o) => o.keyword === "propertyNames")),
  );
  const unknown = errors.filter((e) => e.keyword === "additionalProperties").map((e) => (e.params as { additionalProperty: string }).additionalProperty);
  const problems: string[] = [];
  if (unknown.length) {
    const where = root ? ` in "${root}"` : "";
    const allowed = Object.keys(schema.properties ?? {}).join(", ");
    problems.push(`unknown key${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}${where}; allowed keys: ${allowed}`);
  }
  for (const error of errors) {
    if (error.keyword === "additionalProperties") continue;
    const field = fieldOf(error, root);
    const topKey = error.instancePath.split("/")[1];
    const fieldSchema = topKey && !root ? schema.properties?.[topKey] : undefined;
    problems.push(`"${field}" ${sentence(error, fieldSchema)}`);
  }
  throw new ShimError("INVALID_INPUT", `invalid input: ${[...new Set(problems)].join("; ")}.`);
}
