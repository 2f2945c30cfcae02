// Issue 18: each false-error and miss class found on Terraform the linter had never seen, with the shapes it was
// found on. Every case lints a small module written to a temp dir and asserts what a user would see.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { RULES } from "../../src/lint/rules/index.js";
import { lint, type LintResult } from "../../src/lint/runner.js";

/** Writes files (path → text) into a fresh temp dir and lints it with every rule. */
async function lintFiles(files: Record<string, string>): Promise<LintResult & { dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "lint-precision-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return { dir, ...(await lint({ paths: ["."], cwd: dir, rules: RULES, minSeverity: "notice" })) };
}

const brief = (r: LintResult) => r.findings.map((f) => `${f.file}:${f.range.start.line} ${f.severity} ${f.ruleId}`);

const SECRET_VARS = `
variable "client_secret" {
  type      = string
  sensitive = true
}
variable "s" {
  type      = string
  sensitive = true
}
`;

describe("a secret used only to decide does not taint the value it selects", () => {
  it("for_each predicate, count predicate and a comparison: no finding; a branch that carries the secret: error", async () => {
    const r = await lintFiles({
      "main.tf": `${SECRET_VARS}
locals {
  subnets = { a = { id = "subnet-1" } }
}
resource "azurerm_role_assignment" "r" {
  for_each = nonsensitive(var.client_secret) == "" ? local.subnets : {}
  scope    = each.value.id
}
resource "terraform_data" "t" {
  count = length(var.s) > 0 ? 1 : 0
  input = "copy-\${count.index}"
}
output "set" {
  value = nonsensitive(var.s != "")
}
output "chosen" {
  value = var.s == "" ? "unset" : "set"
}
output "indexed" {
  value = local.subnets[var.s == "" ? "a" : "b"].id
}
output "leaks" {
  value = var.s != "" ? var.s : "none"
}
`,
    });
    assert.deepEqual(brief(r), ["main.tf:32 error output_secret"]);
  });

  it("a for-expression's if clause decides, its body carries", async () => {
    const r = await lintFiles({
      "main.tf": `${SECRET_VARS}
variable "names" { type = list(string) }
output "filtered" {
  value = [for n in var.names : n if n != var.s]
}
output "mapped" {
  value = [for n in var.names : "\${n}:\${var.s}"]
}
`,
    });
    assert.deepEqual(brief(r), ["main.tf:16 error output_secret"]);
  });
});

describe("credentials: JSONPath and templating placeholders are not credentials", () => {
  it("a Genesys data action's translation_map is not reported; a real literal still is", async () => {
    const r = await lintFiles({
      "main.tf": `
resource "genesyscloud_integration_action" "token" {
  name           = "Get token"
  category       = "Auth"
  integration_id = "abc"
  config_request {
    request_url_template = "https://login.example.com/oauth/token"
    request_type         = "POST"
    request_template     = "grant_type=client_credentials&client_secret=\${input.client_secret}"
  }
  config_response {
    translation_map = {
      access_token  = "$.access_token"
      refresh_token = "$['refresh_token']"
      token         = "\\"\\""
      api_key       = "$..keys[0].value"
      password      = "{{password}}"
      secret        = "\${input.secret}"
      client_secret = "#{client_secret}"
    }
    success_template = "{\\"token\\": \${access_token}}"
  }
}
resource "genesyscloud_user" "u" {
  email    = "a@example.com"
  name     = "A"
  password = "Winter2026!x"
}
resource "genesyscloud_conversations_messaging_integrations_apple" "example" {
  name                = "apple"
  oauth_client_secret = "your-oauth-client-secret"
  api_token           = "changeme"
}
`,
    });
    assert.deepEqual(
      brief(r).filter((f) => f.includes("hardcoded_credential")),
      ["main.tf:27 error hardcoded_credential"],
    );
  });

  it("Password= / pwd= in a connection-string literal is a credential", async () => {
    const r = await lintFiles({
      "main.tf": `
resource "azurerm_app_service" "a" {
  name = "a"
  connection_string {
    name  = "Database"
    type  = "SQLServer"
    value = "Server=tcp:db.example.net,1433;Database=app;User ID=app;Password=Sup3rS3cret!;Encrypt=true"
  }
  app_settings = {
    LEGACY = "Driver={ODBC};Server=x;Uid=sa;pwd=letmein42"
    TEMPLATED = "Server=x;Password=\${var.db_password};"
    PLACEHOLDER = "Server=x;Password={your_password};"
  }
}
`,
    });
    assert.deepEqual(
      brief(r).filter((f) => f.includes("hardcoded_credential")),
      ["main.tf:7 error hardcoded_credential", "main.tf:10 error hardcoded_credential"],
    );
  });
});

describe("names are not proof: a known resource type's schema decides", () => {
  it("an output of RDS master_user_secret (ARN, KMS key, status) is not reported", async () => {
    const r = await lintFiles({
      "main.tf": `
resource "aws_db_instance" "db" {
  identifier                  = "db"
  manage_master_user_password = true
}
output "master_user_secret" {
  value = aws_db_instance.db.master_user_secret
}
output "master_user_secret_arn" {
  value = aws_db_instance.db.master_user_secret[0].secret_arn
}
`,
    });
    assert.deepEqual(
      brief(r).filter((f) => f.includes("output_secret")),
      [],
    );
  });
});

describe("misses", () => {
  it("the whole data.external result map sent to an output is reported like one secret key", async () => {
    const r = await lintFiles({
      "main.tf": `
data "external" "token" {
  program = ["./get-token.sh"]
}
locals {
  header = "Bearer \${data.external.token.result.access_token}"
}
output "all" {
  value = data.external.token.result
}
output "one" {
  value = data.external.token.result.access_token
}
`,
    });
    assert.deepEqual(
      brief(r).filter((f) => f.includes("output_secret")),
      ["main.tf:9 warning output_secret", "main.tf:12 warning output_secret"],
    );
  });

  it("the whole result of a data.external program named like a secret is named like one, even when no key is read", async () => {
    const r = await lintFiles({
      "main.tf": `
data "external" "token" {
  program = ["bash", "\${path.module}/scripts/get-token.sh"]
}
data "external" "lookup" {
  program = ["python3", "lookup_user.py"]
}
output "token" {
  value = data.external.token.result
}
output "user" {
  value = data.external.lookup.result
}
`,
    });
    assert.deepEqual(
      brief(r).filter((f) => f.includes("output_secret")),
      ["main.tf:9 warning output_secret"],
    );
  });

  it("expose_client_secret = var.x in a child module is reported when a caller passes true", async () => {
    const r = await lintFiles({
      "main.tf": `
module "app" {
  source = "./child"
  expose = true
}
module "quiet" {
  source = "./child"
  expose = false
}
`,
      "child/main.tf": `
variable "expose" {
  type    = bool
  default = false
}
resource "genesyscloud_oauth_client" "c" {
  name                          = "c"
  authorized_grant_type         = "CLIENT-CREDENTIALS"
  expose_client_secret          = var.expose
}
`,
    });
    const found = r.findings.filter((f) => f.ruleId === "oauth_client_expose_secret");
    assert.deepEqual(
      found.map((f) => `${f.file}:${f.range.start.line} ${f.severity}`),
      ["child/main.tf:9 error"],
    );
    assert.match(found[0]!.message, /module "app"/);
  });

  it("kubernetes_secret and kubernetes_config_map data are sinks: a secret not yet in state is an error, a second copy a notice", async () => {
    const r = await lintFiles({
      "main.tf": `${SECRET_VARS}
resource "random_password" "p" {
  length = 24
}
resource "kubernetes_secret" "s" {
  metadata { name = "s" }
  data = { client_secret = var.client_secret }
}
resource "kubernetes_secret_v1" "r" {
  metadata { name = "r" }
  data = { pw = random_password.p.result }
}
resource "kubernetes_config_map" "c" {
  metadata { name = "c" }
  data = { client_secret = var.s }
}
resource "kubernetes_config_map_v1" "d" {
  metadata { name = "d" }
  data = { pw = random_password.p.result }
}
`,
    });
    const found = r.findings
      .filter((f) => f.ruleId !== "secret_variable_not_sensitive")
      .map((f) => `${f.file}:${f.range.start.line} ${f.severity} ${f.ruleId}`);
    assert.deepEqual(found, [
      "main.tf:16 error secret_version_in_state",
      "main.tf:20 notice secret_version_in_state",
      "main.tf:24 error secret_argument_in_state",
      "main.tf:28 notice secret_argument_in_state",
    ]);
  });

  it("a .tf file that is a symlink is read, as Terraform reads it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lint-symlink-"));
    mkdirSync(path.join(dir, "shared"));
    mkdirSync(path.join(dir, "env"));
    writeFileSync(path.join(dir, "shared", "outputs.tf"), `${SECRET_VARS}\noutput "leak" {\n  value = var.s\n}\n`);
    symlinkSync("../shared/outputs.tf", path.join(dir, "env", "outputs.tf"));
    symlinkSync("env", path.join(dir, "loop")); // a directory symlink cycle must not hang the walk
    symlinkSync("..", path.join(dir, "env", "up"));
    const r = await lint({ paths: ["env"], cwd: dir, rules: RULES, minSeverity: "notice" });
    assert.deepEqual(
      brief(r).filter((f) => f.includes("output_secret")),
      ["env/outputs.tf:12 error output_secret"],
    );
  });
});

describe("module inputs: the shim's own query validation (src/external) on the literal arguments of both modules", () => {
  const only = (r: LintResult) =>
    r.findings.filter((f) => f.ruleId === "oauth_client_module_inputs").map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`);

  it("oauth-client: an unknown region and grant/field combinations the shim rejects; unknown values are not guessed", async () => {
    const r = await lintFiles({
      "main.tf": `
module "region" {
  source         = "./modules/oauth-client"
  name           = "a"
  secret_name    = "a"
  genesys_region = "eu-west-9"
  role_divisions = [{ role_id = "r", division_id = "*" }]
}
module "code_without_uris" {
  source                = "./modules/oauth-client"
  name                  = "b"
  secret_name           = "b"
  authorized_grant_type = "CODE"
}
module "scopes_on_client_credentials" {
  source      = "./modules/oauth-client"
  name        = "c"
  secret_name = "c"
  scopes      = ["users:readonly"]
  role_divisions = [{ role_id = "r", division_id = "*" }]
}
module "roles_on_token" {
  source                = "./modules/oauth-client"
  name                  = "d"
  secret_name           = var.secret_name
  authorized_grant_type = "TOKEN"
  redirect_uris         = ["https://app.example.com/cb"]
  role_divisions        = [{ role_id = "r", division_id = "d" }]
}
module "unknown_grant" {
  source                = "./modules/oauth-client"
  name                  = "e"
  secret_name           = "e"
  authorized_grant_type = var.grant
  scopes                = ["users:readonly"]
}
`,
    });
    const found = only(r);
    assert.equal(found.length, 4, found.join("\n"));
    assert.match(found[0]!, /^6:20 module "region": invalid input "genesys_region": unknown Genesys Cloud region "eu-west-9". Allowed: .*eu-west-1/);
    assert.match(found[1]!, /^13:27 module "code_without_uris": invalid input "redirect_uris": is required for the CODE grant/);
    assert.match(found[2]!, /^19:17 module "scopes_on_client_credentials": invalid input "scopes": does not apply to the CLIENT-CREDENTIALS grant/);
    assert.match(found[3]!, /^28:27 module "roles_on_token": invalid input "role_divisions": only applies to the CLIENT-CREDENTIALS grant, not TOKEN/);
  });

  it("rotation_strategy: an unknown value, and a name too long for the alternating strategy's second client, in both modules", async () => {
    const long = "n".repeat(252);
    const r = await lintFiles({
      "main.tf": `
module "unknown_strategy" {
  source            = "./modules/oauth-client"
  name              = "a"
  secret_name       = "a"
  role_divisions    = [{ role_id = "r", division_id = "*" }]
  rotation_strategy = "blue_green"
}
module "long_name" {
  source            = "./modules/oauth-client"
  name              = "${long}"
  secret_name       = "b"
  role_divisions    = [{ role_id = "r", division_id = "*" }]
  rotation_strategy = "alternating"
}
module "fine" {
  source            = "./modules/oauth-client"
  name              = "${long.slice(1)}"
  secret_name       = "c"
  role_divisions    = [{ role_id = "r", division_id = "*" }]
  rotation_strategy = "alternating"
}
module "many" {
  source = "./modules/oauth-clients"
  clients = {
    bad  = { name = "d", secret_name = "d", role_divisions = [{ role_id = "r", division_id = "*" }], rotation_strategy = "alternate" }
    long = { name = "${long}", secret_name = "e", role_divisions = [{ role_id = "r", division_id = "*" }], rotation_strategy = "alternating" }
    ok   = { name = "${long}", secret_name = "f", role_divisions = [{ role_id = "r", division_id = "*" }], rotation_strategy = "in_place" }
  }
}
`,
    });
    const found = only(r);
    assert.deepEqual(
      found.map((f) => f.split(" ")[0]),
      ["7:23", "11:23", "26:122", "27:21"],
      found.join("\n"),
    );
    assert.match(found[0]!, /module "unknown_strategy": rotation_strategy must be one of in_place, alternating$/);
    assert.match(
      found[1]!,
      /module "long_name": invalid input "name": is 252 characters long, too long for rotation_strategy "alternating" .*at most 251 characters/,
    );
    assert.match(found[2]!, /module "many": clients\["bad"\]: invalid input.*"rotation_strategy" must be one of "in_place", "alternating"/);
    assert.match(found[3]!, /module "many": clients\["long"\]: invalid input "name": is 252 characters long, too long for rotation_strategy "alternating"/);
  });

  it("oauth-clients: every bad key, the region, duplicate secrets and unknown arguments", async () => {
    const r = await lintFiles({
      "main.tf": `
module "many" {
  source = "git::https://example.com/genesys-oauth-shim.git//terraform/modules/oauth-clients?ref=v2"
  clients = {
    web = { name = "Web", secret_name = "web", authorized_grant_type = "TOKEN" }
    batch = {
      name           = "Batch"
      secret_name    = "shared"
      role_divisions = [{ role_id = "r", division_id = "d" }]
    }
    ok    = { name = "Ok", secret_name = "shared", role_divisions = [{ role_id = "r", division_id = "*" }] }
    later = var.later
  }
  genesys_region = "mars-1"
  read_only      = false
  colour         = "blue"
}
module "no_clients" {
  source = "./modules/oauth-clients"
}
`,
    });
    const found = only(r);
    // web's error is at its grant (redirect_uris is missing); the second key on "shared" at its secret_name.
    assert.deepEqual(
      found.map((f) => f.split(" ")[0]),
      ["5:72", "11:42", "14:20", "16:3", "18:1"],
      found.join("\n"),
    );
    assert.match(found[0]!, /module "many": clients\["web"\]: invalid input "redirect_uris": is required for the TOKEN grant/);
    assert.match(found[1]!, /clients\["batch"\], clients\["ok"\]: invalid input "secret_name": "shared" is used by more than one key/);
    assert.match(found[2]!, /unknown Genesys Cloud region "mars-1"/);
    assert.match(found[3]!, /unknown argument colour/);
    assert.match(found[4]!, /module "no_clients" is missing the required argument clients/);
  });
});

describe("shapes seen in public Terraform (Genesys, Azure and Google provider examples), in probes written for this test", () => {
  it("test/lint/fixtures/probes: exactly these findings, each a true flow", async () => {
    const r = await lint({ paths: ["."], cwd: path.join(import.meta.dirname, "fixtures/probes"), rules: RULES, minSeverity: "notice" });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(brief(r), [
      "azure_vm.tf:15 error hardcoded_credential", // a literal password in a resource argument: code and state
      "azure_vm.tf:21 error secret_argument_in_state", // a sensitive variable stored in state by admin_password
      "azure_vm.tf:33 error hardcoded_credential", // Password= in a connection string: code and state
      "azure_vm.tf:34 error secret_argument_in_state", // a sensitive variable interpolated into a tag: state
      "genesys_data_action.tf:32 error hardcoded_credential", // a literal credential field, not a JSONPath
      "google_sql.tf:2 warning secret_variable_not_sensitive",
      "google_sql.tf:15 warning secret_argument_in_state", // var.user_password, named like a secret
    ]);
  });
});
