// One source for the input contract (src/external/contract.ts): both modules' variables.tf are generated from it and
// are fresh, and every plan-time check (an HCL condition, evaluated by real Terraform) accepts and refuses exactly
// what the shim's own validation (parseQuery) accepts and refuses, on samples that break each rule.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { CLIENT_FIELDS } from "../../src/external/contract.js";
import { parseQuery } from "../../src/external/query.js";
import { createTerraformWorkspace } from "../support/terraform.js";
import { repoRoot, terraformBin } from "../support/toolchain.js";

type Client = Record<string, unknown>;

const ROLE = { role_id: "00000000-0000-4000-8000-0000000000a2", division_id: "00000000-0000-4000-8000-000000000001" };
const BASE: Client = {
  name: "app",
  secret_name: "genesys/app",
  authorized_grant_type: "CLIENT-CREDENTIALS",
  description: null,
  role_divisions: [ROLE],
  redirect_uris: [],
  scopes: [],
  access_token_validity_seconds: 86400,
  rotation_strategy: "in_place",
  rotation_trigger: null,
  kms_key_id: null,
  secret_tags: {},
  adopt_client_id: null,
};
const CODE: Client = { ...BASE, authorized_grant_type: "CODE", role_divisions: [], redirect_uris: ["https://app.example.com/cb"] };

const SAMPLES: Record<string, Client> = {
  valid: BASE,
  "valid CODE": CODE,
  "valid all divisions": { ...BASE, role_divisions: [{ role_id: ROLE.role_id, division_id: "*" }] },
  "valid everything set": {
    ...BASE,
    description: "d",
    rotation_strategy: "alternating",
    rotation_trigger: "r1",
    kms_key_id: "alias/k",
    secret_tags: { team: "a" },
    adopt_client_id: "00000000-0000-4000-8000-0000000000c1",
  },
  "empty name": { ...BASE, name: " " },
  "long name": { ...BASE, name: "n".repeat(256) },
  "bad secret name": { ...BASE, secret_name: "bad name!" },
  "unknown grant": { ...BASE, authorized_grant_type: "IMPLICIT" },
  "long description": { ...BASE, description: "d".repeat(1025) },
  "role without id": { ...BASE, role_divisions: [{ role_id: " ", division_id: "x" }] },
  "101 roles": { ...BASE, role_divisions: Array.from({ length: 101 }, () => ROLE) },
  "roles with CODE": { ...CODE, role_divisions: [ROLE] },
  "CLIENT-CREDENTIALS without roles": { ...BASE, role_divisions: [] },
  "relative redirect URI": { ...CODE, redirect_uris: ["/cb"] },
  "redirect URIs with CLIENT-CREDENTIALS": { ...BASE, redirect_uris: ["https://app.example.com/cb"] },
  "CODE without redirect URIs": { ...CODE, redirect_uris: [] },
  "scopes with CLIENT-CREDENTIALS": { ...BASE, scopes: ["users:readonly"] },
  "empty scope": { ...CODE, scopes: [" "] },
  "token lifetime too short": { ...BASE, access_token_validity_seconds: 299 },
  "token lifetime too long": { ...BASE, access_token_validity_seconds: 172801 },
  "token lifetime not whole": { ...BASE, access_token_validity_seconds: 300.5 },
  "valid alternating, longest name": { ...BASE, rotation_strategy: "alternating", name: "n".repeat(251) },
  "valid alternating, longest name with spaces around": { ...BASE, rotation_strategy: "alternating", name: ` ${"n".repeat(251)} ` },
  "alternating, name too long for its second client": { ...BASE, rotation_strategy: "alternating", name: "n".repeat(252) },
  "unknown rotation strategy": { ...BASE, rotation_strategy: "blue_green" },
  "empty rotation strategy": { ...BASE, rotation_strategy: "" },
  "empty rotation trigger": { ...BASE, rotation_trigger: "" },
  "empty KMS key": { ...BASE, kms_key_id: "" },
  "reserved tag prefix": { ...BASE, secret_tags: { "aws:x": "y" } },
  "46 tags": { ...BASE, secret_tags: Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`t${i}`, "v"])) },
  "adopt id not a UUID": { ...BASE, adopt_client_id: "client-1" },
};

/** The query the module sends for a client (terraform/modules/oauth-clients/main.tf): strings, lists as JSON, nulls and rotation_strategy "in_place" left out. */
function moduleQuery(client: Client): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(client)) {
    if (value === null || (key === "rotation_strategy" && value === "in_place")) continue;
    query[key] = typeof value === "string" ? value : typeof value === "number" ? String(value) : JSON.stringify(value);
  }
  return query;
}

function shimAccepts(client: Client): boolean {
  try {
    parseQuery(moduleQuery(client), {});
    return true;
  } catch {
    return false;
  }
}

describe("the input contract (src/external/contract.ts)", () => {
  it("both modules' variables.tf are generated from it and fresh (node scripts/gen-inputs.mjs)", () => {
    execFileSync("node", ["scripts/gen-inputs.mjs", "--check"], { cwd: repoRoot, env: { ...process.env, TERRAFORM_BIN: terraformBin() }, stdio: "pipe" });
  });

  it("every HCL check refuses exactly what the shim refuses, evaluated by real Terraform", async () => {
    const checks = CLIENT_FIELDS.flatMap((field) => field.checks);
    const conditions = checks.map((c) => `(${c.hcl.replaceAll("X.", "c.")})`).join(",\n    ");
    const ws = createTerraformWorkspace({ withoutExternalProvider: true });
    try {
      ws.writeFile("main.tf", `locals {\n  samples = jsondecode(${JSON.stringify(JSON.stringify(SAMPLES))})\n}\n`);
      const expression = `jsonencode({ for name, c in local.samples : name => [for i, ok in [\n    ${conditions}\n  ] : i if !ok] })`;
      const run = execFileSync(ws.terraform, ["console"], { cwd: ws.dir, env: ws.env, input: expression.replace(/\n\s*/g, " ") + "\n", encoding: "utf8" });
      const failing = JSON.parse(JSON.parse(run.trim()) as string) as Record<string, number[]>;
      for (const [name, client] of Object.entries(SAMPLES)) {
        const refusedBy = (failing[name] ?? []).map((i) => checks[i]!.message);
        assert.equal(
          refusedBy.length === 0,
          shimAccepts(client),
          `${name}: the module ${refusedBy.length ? `refuses it (${refusedBy.join(" | ")})` : "accepts it"}, the shim ${shimAccepts(client) ? "accepts" : "refuses"} it`,
        );
        if (name.startsWith("valid")) assert.deepEqual(refusedBy, [], `${name} passes every check`);
      }
    } finally {
      ws.cleanup();
    }
  });
});
