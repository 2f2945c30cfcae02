import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import {
  containsKnownSecret,
  forgetAllSecrets,
  redact,
  registerBasicCredentials,
  registerEnvironmentCredentials,
  registerSecret,
} from "../../src/core/redact.js";

describe("redact", () => {
  beforeEach(() => forgetAllSecrets());

  it("masks a registered secret wherever it appears, also URL- and JSON-encoded", () => {
    const secret = 'abc/def+ghi="jkl"';
    registerSecret(secret);
    const text = `raw ${secret} url ${encodeURIComponent(secret)} json ${JSON.stringify(secret)}`;
    const out = redact(text);
    assert.ok(!out.includes(secret));
    assert.ok(!out.includes(encodeURIComponent(secret)));
    assert.ok(!out.includes(JSON.stringify(secret).slice(1, -1)));
    assert.equal(out.split("[REDACTED]").length - 1, 3);
  });

  it("masks Basic credentials in their base64 form", () => {
    registerBasicCredentials("client-id", "client-secret-value");
    const header = Buffer.from("client-id:client-secret-value").toString("base64");
    assert.ok(!redact(`token ${header}`).includes(header));
  });

  it("registers credential values from the environment", () => {
    registerEnvironmentCredentials({
      GENESYSCLOUD_OAUTHCLIENT_SECRET: "env-secret-123",
      AWS_SECRET_ACCESS_KEY: "aws-secret-456",
      GENESYSCLOUD_ACCESS_TOKEN: "tok-789xyz",
    });
    assert.equal(redact("env-secret-123 aws-secret-456 tok-789xyz"), "[REDACTED] [REDACTED] [REDACTED]");
  });

  it("masks secret-bearing fields and auth headers it was never told about", () => {
    const out = redact('{"secret":"s3cr3t-value","name":"x"} Authorization: Bearer eyJ.abc.def client_secret=zzz&x=1');
    assert.equal(out, '{"secret":"[REDACTED]","name":"x"} Authorization: Bearer [REDACTED] client_secret=[REDACTED]&x=1');
  });

  it("ignores values too short to be secrets, so ordinary words survive", () => {
    registerSecret("abc");
    assert.equal(redact("abc"), "abc");
    assert.equal(containsKnownSecret("abc"), false);
  });

  it("masks the longer of two overlapping secrets whole", () => {
    registerSecret("secret-one");
    registerSecret("secret-one-and-more");
    assert.equal(redact("x secret-one-and-more y"), "x [REDACTED] y");
  });
});
