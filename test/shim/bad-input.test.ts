import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { adminRoles, baseQuery, ensureRaw, writeCounts, servicesForThisFile } from "./helpers.js";

const services = servicesForThisFile({ resetEachTest: false });

const q = (overrides: Record<string, unknown> = {}, drop: string[] = []) => {
  const query: Record<string, unknown> = { ...baseQuery(), ...overrides };
  for (const key of drop) delete query[key];
  return JSON.stringify(query);
};

interface BadInput {
  name: string;
  stdin: string;
  expect: RegExp;
  env?: Record<string, string | undefined>;
  args?: string[];
}

const CASES: BadInput[] = [
  { name: "malformed JSON", stdin: '{"name": "x",', expect: /stdin is not valid JSON/ },
  { name: "a JSON array", stdin: '["name"]', expect: /expected a JSON object of strings on stdin, got array/ },
  { name: "a JSON string", stdin: '"name"', expect: /got string/ },
  { name: "empty stdin", stdin: "", expect: /stdin is empty/ },
  { name: "a number value", stdin: q({ access_token_validity_seconds: 3600 }), expect: /"access_token_validity_seconds" is number.*jsonencode/ },
  { name: "a list value", stdin: q({ redirect_uris: ["https://a"] }), expect: /"redirect_uris" is array/ },
  { name: "a null value", stdin: q({ description: null }), expect: /"description" is null/ },
  { name: "an unknown key", stdin: q({ client_secret: "hunter2-hunter2" }), expect: /unknown key "client_secret"; allowed keys: name, secret_name/ },
  { name: "a tutorial-style key", stdin: q({ grant_type: "client_credentials" }), expect: /unknown key "grant_type"/ },
  { name: "missing name", stdin: q({}, ["name"]), expect: /"name" is required but missing/ },
  { name: "blank name", stdin: q({ name: "   " }), expect: /"name" has an invalid format/ },
  { name: "missing secret_name", stdin: q({}, ["secret_name"]), expect: /"secret_name" is required but missing/ },
  {
    name: "secret_name with a space",
    stdin: q({ secret_name: "my secret" }),
    expect: /"secret_name" has an invalid format \(expected Secrets Manager secret name/,
  },
  {
    name: "lower-case grant type",
    stdin: q({ authorized_grant_type: "client_credentials" }),
    expect: /"authorized_grant_type" must be one of "CODE", "TOKEN", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"/,
  },
  {
    name: "validity below range",
    stdin: q({ access_token_validity_seconds: "299" }),
    expect: /"access_token_validity_seconds": "299" is out of range\. Allowed: an integer from 300 to 172800/,
  },
  { name: "validity above range", stdin: q({ access_token_validity_seconds: "172801" }), expect: /out of range.*300 to 172800/ },
  { name: "validity not a number", stdin: q({ access_token_validity_seconds: "1h" }), expect: /"access_token_validity_seconds" has an invalid format/ },
  {
    name: "unknown region",
    stdin: q({ genesys_region: "mars-north-1" }),
    expect: /unknown Genesys Cloud region "mars-north-1"\. Allowed: a region name \(us-east-1/,
  },
  {
    name: "unknown region from the environment",
    stdin: q(),
    env: { GENESYSCLOUD_REGION: "atlantis" },
    expect: /"GENESYSCLOUD_REGION": unknown Genesys Cloud region "atlantis"/,
  },
  {
    name: "role_divisions not JSON",
    stdin: q({ role_divisions: "role-1/division-1" }),
    expect: /"role_divisions": is not valid JSON\. Allowed: a list of \{"role_id", "division_id"\}/,
  },
  {
    name: "role_divisions missing division_id",
    stdin: q({ role_divisions: JSON.stringify([{ role_id: "r" }]) }),
    expect: /"role_divisions\.0\.division_id" is required but missing/,
  },
  {
    name: "role_divisions with a camelCase key",
    stdin: q({ role_divisions: JSON.stringify([{ roleId: "r", divisionId: "d" }]) }),
    expect: /unknown keys "roleId", "divisionId" in "role_divisions"/,
  },
  {
    name: "role_divisions on a CODE client",
    stdin: q({ authorized_grant_type: "CODE", redirect_uris: '["https://app.example.com/cb"]' }),
    expect: /"role_divisions": only applies to the CLIENT-CREDENTIALS grant, not CODE/,
  },
  {
    name: "redirect_uris on a client-credentials client",
    stdin: q({ redirect_uris: '["https://a.example.com"]' }),
    expect: /"redirect_uris": only applies to the CODE and TOKEN grants/,
  },
  {
    name: "a relative redirect URI",
    stdin: q({ authorized_grant_type: "CODE", role_divisions: "[]", redirect_uris: '["/callback"]' }),
    expect: /"redirect_uris": "\/callback" is not an absolute URI/,
  },
  {
    name: "scopes on a client-credentials client",
    stdin: q({ scopes: '["users:readonly"]' }),
    expect: /"scopes": does not apply to the CLIENT-CREDENTIALS grant/,
  },
  { name: "secret_tags not a map", stdin: q({ secret_tags: '["a"]' }), expect: /"secret_tags" must be a object/ },
  {
    name: "a reserved secret tag",
    stdin: q({ secret_tags: '{"genesys-oauth-shim:client-id":"x"}' }),
    expect: /"secret_tags" has an invalid key "genesys-oauth-shim:client-id"/,
  },
  { name: "read_only not a bool", stdin: q({ read_only: "yes" }), expect: /"read_only" must be one of "true", "false"/ },
  { name: "aws_region malformed", stdin: q({ aws_region: "US East" }), expect: /"aws_region" has an invalid format/ },
  {
    name: "missing Genesys credentials",
    stdin: q(),
    env: { GENESYSCLOUD_OAUTHCLIENT_ID: undefined, GENESYSCLOUD_OAUTHCLIENT_SECRET: undefined },
    expect: /missing Genesys Cloud credentials: GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET not set/,
  },
  {
    name: "half the Genesys credentials",
    stdin: q(),
    env: { GENESYSCLOUD_OAUTHCLIENT_SECRET: undefined },
    expect: /GENESYSCLOUD_OAUTHCLIENT_SECRET not set in the environment/,
  },
  {
    name: "plain http to a remote Genesys API",
    stdin: q(),
    env: { GENESYS_OAUTH_SHIM_API_BASE_URL: "http://api.example.com" },
    expect: /GENESYS_OAUTH_SHIM_API_BASE_URL uses http:\/\/api\.example\.com: plain http is only allowed for loopback/,
  },
  {
    name: "plain http to a remote login host",
    stdin: q(),
    env: { GENESYS_OAUTH_SHIM_LOGIN_BASE_URL: "http://10.0.0.8:8080" },
    expect: /GENESYS_OAUTH_SHIM_LOGIN_BASE_URL uses http:\/\/10\.0\.0\.8: plain http is only allowed for loopback/,
  },
  {
    name: "plain http to a remote Secrets Manager endpoint",
    stdin: q(),
    env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: "http://secrets.example.com" },
    expect: /AWS_ENDPOINT_URL_SECRETS_MANAGER uses http:\/\/secrets\.example\.com/,
  },
  { name: "input over 1 MiB", stdin: q({ description: "x".repeat(1024 * 1024) }), expect: /stdin is larger than 1048576 bytes/ },
  { name: "arguments after the command", stdin: q(), args: ["--name", "x"], expect: /"external" takes no arguments/ },
];

describe("external: bad input", () => {
  it(`has at least 20 cases (${CASES.length})`, () => assert.ok(CASES.length >= 20));
  for (const testCase of CASES) {
    it(`refuses ${testCase.name}: exit 1, a message naming the problem, nothing written`, async () => {
      const before = await writeCounts(services);
      const run = await ensureRaw(services, testCase.stdin, testCase.env, testCase.args);
      assert.equal(run.code, 1, `exit code; stderr: ${run.stderr}`);
      assert.equal(run.stdout, "", "nothing on stdout");
      assert.match(run.stderr, /^genesys-oauth-shim: /);
      assert.match(run.stderr, testCase.expect);
      assert.equal(run.stderr.trim().split("\n").length, 1, "one paragraph");
      assert.deepEqual(await writeCounts(services), before, "zero writes");
    });
  }

  it("accepts the good version of the same query (so the cases above fail for their own reason)", async () => {
    const run = await ensureRaw(services, q({ role_divisions: adminRoles(), secret_name: "bad-input/control" }));
    assert.equal(run.code, 0, run.stderr);
  });
});
