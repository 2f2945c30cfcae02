import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { interpolations, references } from "../../src/lint/expressions.js";
import { isSecretName } from "../../src/lint/secrets.js";
import { exprOfJson } from "../../src/lint/hcl-value.js";
import { ValueGraph } from "../../src/lint/taint.js";
import { entropy, looksLikeSecret } from "../../src/lint/rules/high_entropy_literal.js";

describe("isSecretName", () => {
  it("matches secret-like names", () => {
    for (const n of [
      "client_secret",
      "genesys_password",
      "db_passwd",
      "api_token",
      "access_token",
      "private_key",
      "api_key",
      "credentials",
      "clientSecret",
      "secret_string",
      "secret_key",
    ])
      assert.ok(isSecretName(n), n);
  });
  it("does not match names about secrets that this project uses", () => {
    for (const n of [
      "http_tokens",
      "random_password_override_special",
      "force_overwrite_replica_secret",
      "master_user_password_rotation_schedule_expression",
      "expire_passwords",
      "secret_replica",
      "password_reuse_prevention",
      "max_password_age",
      "encrypted_secret",
      "login_profile_encrypted_password",
      "external_secrets_secrets_manager_create_permission",
    ])
      assert.ok(!isSecretName(n), n);
    for (const n of [
      "secret_name",
      "secret_arn",
      "secret_id",
      "token_url",
      "kms_key_id",
      "secret_version_id",
      "client_id",
      "expose_client_secret",
      "access_token_validity_seconds",
      "secret_tags",
      "rotation_trigger",
      "secretsmanager_endpoint",
      "name",
    ])
      assert.ok(!isSecretName(n), n);
  });
});

describe("references", () => {
  it("finds traversals in interpolations only, index steps removed, escapes skipped", () => {
    assert.deepEqual(references('curl "${var.a}" $${HOME} ${genesyscloud_oauth_client.x[0].client_secret}'), [
      "var.a",
      "genesyscloud_oauth_client.x.client_secret",
    ]);
    assert.deepEqual(references({ a: ["${jsonencode({ k = local.s })}"], b: 1 }), ["local.s"]);
    assert.deepEqual(interpolations("%{ if var.on }x%{ endif }"), [" if var.on ", " endif "]);
  });
});

describe("ValueGraph", () => {
  const block = (type: string, labels: string[], attributes: Record<string, unknown>) =>
    ({ type, labels, attributes: Object.entries(attributes).map(([name, value]) => ({ name, value, expr: exprOfJson(value) })), blocks: [] }) as never;
  const graph = new ValueGraph([
    block("variable", ["plain"], { sensitive: true }),
    block("variable", ["secret_name"], {}),
    block("locals", [], {
      body: "${jsonencode({ p = var.plain })}",
      derived: "${local.body}",
      name: "x",
      r: "${genesyscloud_oauth_client.app}",
      loop: "${local.loop}",
    }),
  ]);
  const kinds = (ref: string) => graph.resolve(ref).map((f) => `${f.kind}:${f.path.join(".")}`);
  it("knows sensitive variables, secret names and derived locals", () => {
    assert.deepEqual(kinds("var.plain"), ["unstored:"]);
    assert.deepEqual(kinds("var.secret_name"), []);
    assert.deepEqual(kinds("local.derived"), ["unstored:"]);
    assert.deepEqual(kinds("local.name"), []);
    assert.deepEqual(kinds("local.loop"), []);
    assert.deepEqual(kinds("data.aws_secretsmanager_secret_version.s.secret_string"), ["stored:"]);
    assert.deepEqual(kinds("data.external.c.result.secret_arn"), []);
    assert.deepEqual(kinds("module.oauth.client_secret"), ["named:"]);
  });
  it("follows attribute paths through whole objects", () => {
    assert.deepEqual(kinds("local.r"), ["genesys:client_secret"]);
    assert.deepEqual(kinds("local.r.client_secret"), ["genesys:"]);
    assert.deepEqual(kinds("local.r.id"), []);
  });
  it("binds for-expression iterators and drops the collection itself", () => {
    const facts = (expression: string) => graph.factsOfValue(`\${${expression}}`).map((f) => `${f.kind}:${f.path.join(".")}`);
    assert.deepEqual(facts("{ for k, c in genesyscloud_oauth_client.apps : k => c.client_secret }"), ["genesys:"]);
    assert.deepEqual(facts("{ for k, c in genesyscloud_oauth_client.apps : k => c.id }"), []);
    assert.deepEqual(facts('genesyscloud_oauth_client.app["client_secret"]'), ["genesys:"]);
    assert.deepEqual(facts("genesyscloud_oauth_client.app[*].client_secret"), ["genesys:"]);
    assert.deepEqual(facts("length(genesyscloud_oauth_client.app.name)"), []);
    assert.deepEqual(facts("length(var.plain) > 8 ? bcrypt(var.plain) : keys({ a = var.plain })[0]"), []);
    assert.deepEqual(facts("upper(var.plain)"), ["unstored:"]);
    assert.deepEqual(facts("can(var.plain) ? sha256(var.plain) : null"), ["unstored:"]);
  });
});

describe("entropy", () => {
  it("separates random tokens from words and ids", () => {
    assert.ok(looksLikeSecret("k3j9x0q2m5v8b1n4z7c6w2e8"));
    for (const s of [
      "AllowEC2CreateTags20240101",
      "RequestTag/elbv2.k8s.aws/cluster",
      "policy/AmazonS3ReadOnlyAccess",
      "/Users/johncarnell/genesys_terraform/carnell1_dev/tfstate",
      "EnableExtendedMetricsForDbInstance2",
    ])
      assert.ok(!looksLikeSecret(s), s);
    assert.ok(entropy("aaaa") === 0);
    assert.ok(looksLikeSecret("zX9qL2mN8vB4cK7pR1tY6wE3uI0oA5sD"));
    assert.ok(!looksLikeSecret("00000000-0000-4000-8000-0000000000a1"));
    assert.ok(!looksLikeSecret("genesys-oauth-shim-client-name"));
  });
});
