import type { ErrorObject, ValidateFunction } from "ajv";
import { compileSchema } from "../../external/compile-schema.js";
import type { Block, RuleFinding } from "../model.js";
import { isLiteral, literalString } from "../expressions.js";
import { META_ARGUMENTS, OAUTH_CLIENT_MODULE_SCHEMAS, oauthClientModuleSchema } from "../oauth-client-schema.js";
import { attr, blocksOf, docsLink, type Rule } from "../rule.js";

const id = "oauth_client_module_inputs";

let compiled: { values: ValidateFunction; shape: ValidateFunction } | undefined;

function validators(): { values: ValidateFunction; shape: ValidateFunction } {
  compiled ??= { values: compileSchema(OAUTH_CLIENT_MODULE_SCHEMAS.values), shape: compileSchema(OAUTH_CLIENT_MODULE_SCHEMAS.shape) };
  return compiled;
}

/** Module blocks whose source ends in modules/oauth-client (local path, registry-like or git URL with //subdir and ?ref). */
export function isOauthClientModule(block: Block): boolean {
  const source = literalString(attr(block, "source")?.value);
  if (!source) return false;
  const path = source.replace(/[?#].*$/, "").replace(/\/+$/, "");
  return /(?:^|[/:])modules\/oauth-client$/.test(path);
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  if (error.keyword === "enum") return `must be one of ${(p.allowedValues as unknown[]).join(", ")}`;
  if (error.instancePath === "/recovery_window_in_days") return "must be 0 or a whole number from 7 to 30";
  if (error.keyword === "pattern" && error.instancePath === "/secret_name") return "must be 1-512 characters of A-Z a-z 0-9 / _ + = . @ -";
  return error.message ?? error.keyword;
}

export const rule: Rule = {
  id,
  severity: "warning",
  description: "A call of this project's module terraform/modules/oauth-client with arguments its variables reject (checked before terraform plan, against a JSON Schema of the module's inputs).",
  fix: "Pass name and secret_name, spell the arguments as the module's variables.tf does, and keep literal values in range (see the message).",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    const { values, shape } = validators();
    for (const block of blocksOf(context, "module").filter(isOauthClientModule)) {
      const args = block.attributes.filter((a) => !META_ARGUMENTS.includes(a.name));
      const label = `module "${block.labels[0]}"`;
      if (!shape(Object.fromEntries(args.map((a) => [a.name, null])))) {
        for (const e of shape.errors ?? []) {
          if (e.keyword === "required") {
            findings.push({ file: block.file, range: block.headerRange, message: `${label} is missing the required argument ${String((e.params as { missingProperty: string }).missingProperty)}` });
          } else if (e.keyword === "additionalProperties") {
            const name = String((e.params as { additionalProperty: string }).additionalProperty);
            const a = attr(block, name);
            findings.push({ file: block.file, range: a?.nameRange ?? block.headerRange, message: `${label} has an unknown argument ${name}; the module accepts: ${Object.keys(oauthClientModuleSchema.properties).join(", ")}` });
          }
        }
      }
      const known = new Set(Object.keys(oauthClientModuleSchema.properties));
      const literal = args.filter((a) => known.has(a.name) && isLiteral(a.value));
      if (values(Object.fromEntries(literal.map((a) => [a.name, a.value])))) continue;
      const seen = new Set<string>();
      for (const e of values.errors ?? []) {
        const name = e.instancePath.split("/")[1] ?? "";
        if (seen.has(name)) continue;
        seen.add(name);
        const a = attr(block, name);
        findings.push({ file: block.file, range: a?.valueRange ?? block.headerRange, message: `${label}: ${name}${e.instancePath.slice(name.length + 1).replace(/\//g, ".")} ${describe(e)}` });
      }
    }
    return findings;
  },
};
