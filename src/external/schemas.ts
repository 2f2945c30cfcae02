import querySchema from "./query.schema.json" with { type: "json" };

// Every JSON Schema the shim validates input against. The bundle carries their validators as code that ajv
// generated at build time (scripts/standalone-validators.mjs), so a run compiles no schema; from source (tsx),
// ajv compiles them on first use. A schema missing from PRECOMPILED_SCHEMAS (src/core/schema-census.ts) fails the
// bundle loudly.

/** The ajv options for run-time and build-time compilation alike. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

export const QUERY_SCHEMA = querySchema;

/** A definition of a JSON-encoded query value, with its items' properties on top so errors can list the allowed keys. */
function jsonFieldSchema(definition: object): object {
  return { ...definition, properties: (definition as { items?: { properties?: object } }).items?.properties };
}

export const JSON_FIELD_SCHEMAS = {
  role_divisions: jsonFieldSchema(querySchema.definitions.role_divisions),
  string_list: jsonFieldSchema(querySchema.definitions.string_list),
  secret_tags: jsonFieldSchema(querySchema.definitions.secret_tags),
} as const;

/** The delete command's input (stdin JSON or GENESYS_OAUTH_SHIM_* variables). */
export const DELETE_INPUT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    client_id: { type: "string", minLength: 1 },
    secret_arn: { type: "string" },
    secret_name: { type: "string", pattern: "^[A-Za-z0-9/_+=.@-]{1,512}$", description: "Secrets Manager secret name: 1-512 of A-Z a-z 0-9 / _ + = . @ -" },
    recovery_window_in_days: { type: "string", pattern: "^[0-9]+$", description: "0, or a whole number of days from 7 to 30" },
    force_delete_without_recovery: { type: "string", enum: ["true", "false", "1", "0", ""] },
    genesys_region: { type: "string" },
    aws_region: { type: "string" },
  },
};

/** The external-many query (terraform/modules/oauth-clients): each key's value is validated with QUERY_SCHEMA. */
export const MANY_QUERY_SCHEMA = {
  type: "object",
  required: ["clients"],
  additionalProperties: false,
  properties: {
    clients: { type: "string", minLength: 2, description: "a JSON object: key → the oauth-client query of that key, passed with jsonencode(...)" },
    genesys_region: { type: "string" },
    aws_region: { type: "string" },
    read_only: { type: "string", enum: ["true", "false"] },
    phase: {
      type: "string",
      enum: ["status", "result"],
      description:
        "status: what an apply would do (reads only); result: where each client and secret are (DescribeSecret only); absent: ensure every key (writes)",
    },
  },
};

/** How a schema is found among the precompiled ones: its JSON text (the same object literal gives the same key). */
export function schemaKey(schema: object): string {
  return JSON.stringify(schema);
}
