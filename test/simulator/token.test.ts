// Token endpoint facts: login host only, client-credentials grant with Basic auth only, expiry, failure body.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startSimulator, type SimulatorHandle } from "../../src/simulator/index.js";
import { AdminApi, adminRoleDivision, assertError, basic, call, requestToken, tokenFor, UUID, withSimulator } from "./helpers.js";

const AUTH_FAILED = { error: "invalid_client", description: "authentication failed", error_description: "authentication failed" };
const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe("POST /oauth/token", () => {
  let sim: SimulatorHandle;
  let api: AdminApi;
  before(async () => {
    sim = await startSimulator({ host: "127.0.0.1" });
    api = await AdminApi.connect(sim);
  });
  after(() => sim.close());

  it("issues a bearer token on the login listener with expires_in = accessTokenValiditySeconds", async () => {
    const reply = await requestToken(sim, sim.admin.clientId, sim.admin.clientSecret);
    assert.equal(reply.status, 200);
    assert.deepEqual(Object.keys(reply.json).sort(), ["access_token", "expires_in", "token_type"]);
    assert.equal(reply.json.token_type, "bearer");
    assert.equal(reply.json.expires_in, 86400);
    assert.ok(reply.json.access_token.length >= 32);
    const list = await call(`${sim.apiUrl}/api/v2/oauth/clients`, { token: reply.json.access_token });
    assert.equal(list.status, 200);
  });

  it("reports the client's own validity as expires_in", async () => {
    const client = await api.createOk({ accessTokenValiditySeconds: 600 });
    const reply = await requestToken(sim, client.id, client.secret);
    assert.equal(reply.status, 200);
    assert.equal(reply.json.expires_in, 600);
  });

  it("is not served by the API listener, nor under /api/v2 on the login listener", async () => {
    const headers = { authorization: basic(sim.admin.clientId, sim.admin.clientSecret), ...FORM };
    for (const url of [`${sim.apiUrl}/oauth/token`, `${sim.apiUrl}/api/v2/oauth/token`, `${sim.loginUrl}/api/v2/oauth/token`]) {
      const reply = await call(url, { method: "POST", headers, body: "grant_type=client_credentials" });
      assertError(reply, 404, "not.found");
    }
  });

  it("serves nothing but the token route on the login listener", async () => {
    const reply = await call(`${sim.loginUrl}/api/v2/oauth/clients`, { token: "whatever" });
    assertError(reply, 404, "not.found");
  });

  it("refuses the password grant with 400 unsupported_grant_type", async () => {
    const reply = await call(`${sim.loginUrl}/oauth/token`, {
      method: "POST",
      headers: { authorization: basic(sim.admin.clientId, sim.admin.clientSecret), ...FORM },
      body: "grant_type=password&username=admin&password=secret",
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.json.error, "unsupported_grant_type");
  });

  it("refuses client credentials sent in the body instead of Basic auth with 401 invalid_client", async () => {
    const body = new URLSearchParams({ grant_type: "client_credentials", client_id: sim.admin.clientId, client_secret: sim.admin.clientSecret }).toString();
    const reply = await call(`${sim.loginUrl}/oauth/token`, { method: "POST", headers: FORM, body });
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.json, AUTH_FAILED);
  });

  it("refuses a request without Basic auth", async () => {
    const reply = await call(`${sim.loginUrl}/oauth/token`, { method: "POST", headers: FORM, body: "grant_type=client_credentials" });
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.json, AUTH_FAILED);
  });

  it("refuses a body other than exactly grant_type=client_credentials", async () => {
    const headers = { authorization: basic(sim.admin.clientId, sim.admin.clientSecret) };
    const extra = await call(`${sim.loginUrl}/oauth/token`, {
      method: "POST",
      headers: { ...headers, ...FORM },
      body: "grant_type=client_credentials&scope=all",
    });
    assert.equal(extra.status, 400);
    assert.equal(extra.json.error, "invalid_request");
    const asJson = await call(`${sim.loginUrl}/oauth/token`, { method: "POST", headers, json: { grant_type: "client_credentials" } });
    assert.equal(asJson.status, 400);
  });

  it("answers a wrong secret or an unknown client with 401 and the documented failure body", async () => {
    const wrongSecret = await requestToken(sim, sim.admin.clientId, sim.admin.clientSecret + "x");
    assert.equal(wrongSecret.status, 401);
    assert.deepEqual(wrongSecret.json, AUTH_FAILED);
    const unknown = await requestToken(sim, "00000000-0000-4000-8000-00000000ffff", sim.admin.clientSecret);
    assert.equal(unknown.status, 401);
    assert.deepEqual(unknown.json, AUTH_FAILED);
  });

  it("gives no token to a client whose state is not active", async () => {
    const client = await api.createOk({ roleDivisions: [adminRoleDivision] });
    for (const state of ["disabled", "inactive"]) {
      const put = await api.put(client.id, { name: "test client", authorizedGrantType: "CLIENT-CREDENTIALS", roleDivisions: [adminRoleDivision], state });
      assert.equal(put.status, 200);
      const reply = await requestToken(sim, client.id, client.secret);
      assert.equal(reply.status, 401, state);
      assert.deepEqual(reply.json, AUTH_FAILED);
    }
  });

  it("answers API calls without a bearer token 401 authentication.required and with an unknown one 401 bad.credentials", async () => {
    assertError(await call(`${sim.apiUrl}/api/v2/oauth/clients`), 401, "authentication.required");
    assertError(await call(`${sim.apiUrl}/api/v2/oauth/clients`, { token: "not-a-token" }), 401, "bad.credentials");
    const basicOnApi = await call(`${sim.apiUrl}/api/v2/oauth/clients`, { headers: { authorization: basic(sim.admin.clientId, sim.admin.clientSecret) } });
    assertError(basicOnApi, 401, "authentication.required");
  });

  it("puts a uuid ININ-Correlation-Id on token successes and failures", async () => {
    const good = await requestToken(sim, sim.admin.clientId, sim.admin.clientSecret);
    const bad = await requestToken(sim, sim.admin.clientId, "wrong");
    assert.match(good.correlationId ?? "", UUID);
    assert.match(bad.correlationId ?? "", UUID);
    assert.notEqual(good.correlationId, bad.correlationId);
  });
});

describe("token expiry on the simulator clock", () => {
  it("accepts a token until expires_in seconds have passed, then answers 401 bad.credentials", async () => {
    await withSimulator({}, async (sim) => {
      const token = await tokenFor(sim, sim.admin.clientId, sim.admin.clientSecret);
      const listUrl = `${sim.apiUrl}/api/v2/oauth/clients`;
      const advance = (seconds: number) => call(`${sim.apiUrl}/__sim/clock`, { method: "POST", json: { advanceSeconds: seconds } });
      assert.equal((await advance(86399)).status, 200);
      assert.equal((await call(listUrl, { token })).status, 200);
      await advance(1);
      assertError(await call(listUrl, { token }), 401, "bad.credentials");
      const fresh = await tokenFor(sim, sim.admin.clientId, sim.admin.clientSecret);
      assert.equal((await call(listUrl, { token: fresh })).status, 200);
    });
  });
});
