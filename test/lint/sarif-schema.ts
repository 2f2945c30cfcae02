// A trimmed SARIF 2.1.0 schema: the structural requirements GitHub code scanning relies on (see
// /work/shared/reference/validator-conventions.md). The official schema is not installed and nothing is fetched.
const message = { type: "object", required: ["text"], properties: { text: { type: "string", minLength: 1 } } };
const region = {
  type: "object",
  required: ["startLine", "startColumn", "endLine", "endColumn"],
  properties: {
    startLine: { type: "integer", minimum: 1 },
    startColumn: { type: "integer", minimum: 1 },
    endLine: { type: "integer", minimum: 1 },
    endColumn: { type: "integer", minimum: 1 },
  },
};
const location = {
  type: "object",
  required: ["physicalLocation"],
  properties: {
    physicalLocation: {
      type: "object",
      required: ["artifactLocation", "region"],
      properties: {
        artifactLocation: { type: "object", required: ["uri"], properties: { uri: { type: "string", pattern: "^(?!/)(?![A-Za-z]:)[^\\\\]+$" } } },
        region,
      },
    },
  },
};
const securityProperties = {
  type: "object",
  required: ["security-severity", "tags"],
  properties: { "security-severity": { type: "string", pattern: "^(?:10\\.0|[0-9]\\.[0-9])$" }, tags: { type: "array", contains: { const: "security" } } },
};

export const sarifSchema = {
  type: "object",
  required: ["$schema", "version", "runs"],
  properties: {
    $schema: { type: "string", pattern: "sarif" },
    version: { const: "2.1.0" },
    runs: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["tool", "results"],
        properties: {
          tool: {
            type: "object",
            required: ["driver"],
            properties: {
              driver: {
                type: "object",
                required: ["name", "rules"],
                properties: {
                  name: { type: "string", minLength: 1 },
                  rules: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["id", "shortDescription", "fullDescription", "help", "helpUri", "properties"],
                      properties: {
                        id: { type: "string" },
                        shortDescription: message,
                        fullDescription: message,
                        help: message,
                        helpUri: { type: "string", format: "uri", pattern: "^https://" },
                        properties: securityProperties,
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: "array",
            maxItems: 25000,
            items: {
              type: "object",
              required: ["ruleId", "level", "message", "locations", "partialFingerprints", "properties"],
              properties: {
                ruleId: { type: "string" },
                level: { enum: ["note", "warning", "error"] },
                message,
                locations: { type: "array", minItems: 1, items: location },
                partialFingerprints: {
                  type: "object",
                  required: ["primaryLocationLineHash"],
                  properties: { primaryLocationLineHash: { type: "string", minLength: 1 } },
                },
                properties: securityProperties,
              },
            },
          },
        },
      },
    },
  },
} as const;
