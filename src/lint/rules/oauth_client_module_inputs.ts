import type { ErrorObject, ValidateFunction } from "ajv";
import { compileSchema } from "../../external/compile-schema.js";
import type { Block, RuleFinding } from "../model.js";
import { isLiteral, literalString } from "../expressions.js";
import { META_ARGUMENTS, OAUTH_CLIENT_MODULE_SCHEMAS, oauthClientModuleSchema } from "../oauth-client-schema.js";
import { checkManyModule, checkSingleModule, MANY_MODULE_ARGUMENTS, type QueryProblem } from "../module-query.js";
import { attr, blocksOf, docsLink, type Rule } from "../rule.js";

const id = "oauth_client_module_inputs";

let compiled: { values: ValidateFunction; shape: ValidateFunction } | undefined;

function validators(): { values: ValidateFunction; shape: ValidateFunction } {
  compiled ??= { values: compileSchema(OAUTH_CLIENT_MODULE_SCHEMAS.values), shape: compileSchema(OAUTH_CLIENT_MODULE_SCHEMAS.shape) };
  return compiled;
}

/** Which of this project's modules a module block calls: its source ends in modules/oauth-client or modules/oauth-clients (local path, registry-like or git URL with //subdir and ?ref). */
export function projectModule(block: Block): "oauth-client" | "oauth-clients" | undefined {
  const source = literalString(attr(block, "source")?.value);
  if (!source) return undefined;
  const path = source.replace(/[?#].*$/, "").replace(/\/+$/, "");
  return /(?:^|[/:])modules\/(oauth-clients?)$/.exec(path)?.[1] as "oauth-client" | "oauth-clients" | undefined;
}

export function isOauthClientModule(block: Block): boolean {
  return projectModule(block) === "oauth-client";
}

function problemFindings(block: Block, label: string, problems: QueryProblem[]): RuleFinding[] {
  const at = block.file.positionAt;
  return problems.map((p) => ({
    file: block.file,
    range: p.at ? { start: at(p.at.start), end: at(p.at.end) } : block.headerRange,
    message: `${label}: ${p.message}`,
  }));
}

/** oauth-clients: argument names (the external-many query's keys and the module's own), then the shim's validation. */
function checkMany(block: Block): RuleFinding[] {
  const label = `module "${block.labels[0]}"`;
  const findings: RuleFinding[] = [];
  if (!attr(block, "clients")) findings.push({ file: block.file, range: block.headerRange, message: `${label} is missing the required argument clients` });
  for (const a of block.attributes) {
    if (META_ARGUMENTS.includes(a.name) || MANY_MODULE_ARGUMENTS.includes(a.name)) continue;
    findings.push({
      file: block.file,
      range: a.nameRange,
      message: `${label} has an unknown argument ${a.name}; the module accepts: ${MANY_MODULE_ARGUMENTS.join(", ")}`,
    });
  }
  return [...findings, ...problemFindings(block, label, checkManyModule(block))];
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
  description:
    'A call of this project\'s modules (terraform/modules/oauth-client, terraform/modules/oauth-clients) with arguments they reject at plan: unknown or missing arguments, values out of range, an unknown Genesys region or rotation_strategy, grant/field combinations (redirect_uris for CODE and TOKEN only, role_divisions for CLIENT-CREDENTIALS only, no scopes on CLIENT-CREDENTIALS), a name too long for rotation_strategy "alternating" (its second client is "<name> (b)"), two clients on one secret. Literal values only, checked with the shim\'s own query validation.',
  fix: "Pass name and secret_name (every key of clients too), spell the arguments as the module's variables do, and keep literal values in range and in a combination the grant allows (see the message).",
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    const { values, shape } = validators();
    for (const block of blocksOf(context, "module").filter((b) => projectModule(b) === "oauth-clients")) findings.push(...checkMany(block));
    for (const block of blocksOf(context, "module").filter(isOauthClientModule)) {
      const args = block.attributes.filter((a) => !META_ARGUMENTS.includes(a.name));
      const label = `module "${block.labels[0]}"`;
      if (!shape(Object.fromEntries(args.map((a) => [a.name, null])))) {
        for (const e of shape.errors ?? []) {
          if (e.keyword === "required") {
            findings.push({
              file: block.file,
              range: block.headerRange,
              message: `${label} is missing the required argument ${String((e.params as { missingProperty: string }).missingProperty)}`,
            });
          } else if (e.keyword === "additionalProperties") {
            const name = String((e.params as { additionalProperty: string }).additionalProperty);
            const a = attr(block, name);
            findings.push({
              file: block.file,
              range: a?.nameRange ?? block.headerRange,
              message: `${label} has an unknown argument ${name}; the module accepts: ${Object.keys(oauthClientModuleSchema.properties).join(", ")}`,
            });
          }
        }
      }
      const known = new Set(Object.keys(oauthClientModuleSchema.properties));
      const literal = args.filter((a) => known.has(a.name) && isLiteral(a.value));
      // Each value in range: then the combination, as the shim itself checks it (src/external/query.ts).
      if (values(Object.fromEntries(literal.map((a) => [a.name, a.value])))) {
        findings.push(...problemFindings(block, label, checkSingleModule(block)));
        continue;
      }
      const seen = new Set<string>();
      for (const e of values.errors ?? []) {
        const name = e.instancePath.split("/")[1] ?? "";
        if (seen.has(name)) continue;
        seen.add(name);
        const a = attr(block, name);
        findings.push({
          file: block.file,
          range: a?.valueRange ?? block.headerRange,
          message: `${label}: ${name}${e.instancePath.slice(name.length + 1).replace(/\//g, ".")} ${describe(e)}`,
        });
      }
    }
    return findings;
  },
};
