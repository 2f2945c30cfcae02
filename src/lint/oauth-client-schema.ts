// JSON Schema of the inputs of this project's module terraform/modules/oauth-client (its variables.tf).
// test/lint/oauth-client-schema.test.ts keeps the two in step.
export const META_ARGUMENTS = ["source", "version", "providers", "depends_on", "count", "for_each"];

const nonEmpty = { type: "string", minLength: 1, pattern: "\\S" };

export const oauthClientModuleSchema = {
  $id: "genesys-oauth-shim/oauth-client-module-inputs",
  type: "object",
  required: ["name", "secret_name"],
  additionalProperties: false,
  properties: {
    name: nonEmpty,
    secret_name: { type: "string", pattern: "^[A-Za-z0-9/_+=.@-]{1,512}$" },
    authorized_grant_type: { enum: ["CODE", "TOKEN", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"] },
    description: { type: ["string", "null"] },
    role_divisions: {
      type: "array",
      items: { type: "object", required: ["role_id", "division_id"], additionalProperties: false, properties: { role_id: nonEmpty, division_id: nonEmpty } },
    },
    redirect_uris: { type: "array", items: { type: "string", pattern: "^[A-Za-z][A-Za-z0-9+.-]*://\\S+$" } },
    scopes: { type: "array", items: nonEmpty },
    access_token_validity_seconds: { type: "integer", minimum: 300, maximum: 172800 },
    rotation_strategy: { enum: ["in_place", "alternating"] },
    rotation_trigger: { type: ["string", "null"], minLength: 1 },
    kms_key_id: { type: ["string", "null"], minLength: 1 },
    secret_tags: {
      type: "object",
      propertyNames: { minLength: 1, maxLength: 128, not: { pattern: "^[aA][wW][sS]:" } },
      additionalProperties: { type: "string", maxLength: 256 },
    },
    genesys_region: { type: ["string", "null"], pattern: "^[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]$" },
    aws_region: { type: ["string", "null"], pattern: "^[a-z]{2}(-[a-z]+)+-[0-9]+$" },
    adopt_client_id: { type: ["string", "null"], pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" },
    read_only: { type: "boolean" },
    recovery_window_in_days: { anyOf: [{ const: 0 }, { type: "integer", minimum: 7, maximum: 30 }] },
    shim_command: { type: ["array", "null"], minItems: 1, items: nonEmpty },
  },
} as const;

const { required, additionalProperties, $id: _id, ...valuesSchema } = oauthClientModuleSchema;

/**
 * What the oauth_client_module_inputs rule validates with: `values` checks the literal arguments (no required list,
 * since non-literal ones are left out), `shape` checks the argument names only. Precompiled at build time with the
 * shim's own schemas (src/core/schema-census.ts), so a lint run compiles no schema either.
 */
export const OAUTH_CLIENT_MODULE_SCHEMAS = {
  values: valuesSchema,
  shape: {
    type: "object",
    required,
    additionalProperties,
    properties: Object.fromEntries(Object.keys(oauthClientModuleSchema.properties).map((k) => [k, {}])),
  },
} as const;
