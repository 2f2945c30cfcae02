import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { interpolations, references } from "../../src/lint/expressions.js";
import { isSecretName, SecretIndex } from "../../src/lint/secrets.js";
import { entropy, looksLikeSecret } from "../../src/lint/rules/high_entropy_literal.js";

describe("isSecretName", () => {
  it("matches secret-like names", () => {
    for (const n of ["client_secret", "genesys_password", "db_passwd", "api_token", "access_token", "private_key", "api_key", "credentials", "clientSecret", "secret_string", "secret_key"]) assert.ok(isSecretName(n), n);
  });
  it("does not match names about secrets that this project uses", () => {
    for (const n of ["secret_name", "secret_arn", "secret_id", "token_url", "kms_key_id", "secret_version_id", "client_id", "expose_client_secret", "access_token_validity_seconds", "secret_tags", "rotation_trigger", "secretsmanager_endpoint", "name"]) assert.ok(!isSecretName(n), n);
  });
});

describe("references", () => {
  it("finds traversals in interpolations only, index steps removed, escapes skipped", () => {
    assert.deepEqual(references('curl "${var.a}" $${HOME} ${genesyscloud_oauth_client.x[0].client_secret}'), ["var.a", "genesyscloud_oauth_client.x.client_secret"]);
    assert.deepEqual(references({ a: ["${jsonencode({ k = local.s })}"], b: 1 }), ["local.s"]);
    assert.deepEqual(interpolations("%{ if var.on }x%{ endif }"), [" if var.on ", " endif "]);
  });
});

describe("SecretIndex", () => {
  const block = (type: string, labels: string[], attributes: Record<string, unknown>) =>
    ({ type, labels, attributes: Object.entries(attributes).map(([name, value]) => ({ name, value })), blocks: [] }) as never;
  const index = new SecretIndex([
    block("variable", ["plain"], { sensitive: true }),
    block("variable", ["secret_name"], {}),
    block("locals", [], { body: "${jsonencode({ p = var.plain })}", derived: "${local.body}", name: "x" }),
  ]);
  it("knows sensitive variables, secret names and derived locals", () => {
    assert.match(index.classify("var.plain")!, /sensitive variable/);
    assert.equal(index.classify("var.secret_name"), undefined);
    assert.match(index.classify("local.derived")!, /derived from local.body/);
    assert.equal(index.classify("local.name"), undefined);
    assert.match(index.classify("data.aws_secretsmanager_secret_version.s.secret_string")!, /secret-bearing/);
    assert.equal(index.classify("data.external.c.result.secret_arn"), undefined);
    assert.match(index.classify("module.oauth.client_secret")!, /named like a secret/);
  });
});

describe("entropy", () => {
  it("separates random tokens from words and ids", () => {
    assert.ok(entropy("aaaa") === 0);
    assert.ok(looksLikeSecret("zX9qL2mN8vB4cK7pR1tY6wE3uI0oA5sD"));
    assert.ok(!looksLikeSecret("00000000-0000-4000-8000-0000000000a1"));
    assert.ok(!looksLikeSecret("genesys-oauth-shim-client-name"));
  });
});
