// Request-body facts: real field names only, enums, the validity range, role and division references.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startSimulator, type SimulatorHandle } from "../../src/simulator/index.js";
import { AdminApi, adminRoleDivision, assertError, clientRequest, EMPLOYEE_ROLE_ID, HOME_DIVISION_ID } from "./helpers.js";

const UNKNOWN_ID = "11111111-2222-4333-8444-555555555555";

describe("OAuthClientRequest validation", () => {
  let sim: SimulatorHandle;
  let api: AdminApi;
  before(async () => {
    sim = await startSimulator({ host: "127.0.0.1" });
    api = await AdminApi.connect(sim);
  });
  after(() => sim.close());

  for (const field of ["clientType", "grantTypes", "redirectUris", "clientSecret", "secret", "id"]) {
    it(`refuses the unknown field ${field} with 400 invalid.property naming it`, async () => {
      const reply = await api.create(clientRequest({ [field]: "x" }));
      assertError(reply, 400, "invalid.property");
      assert.equal(reply.json.details[0].fieldName, field);
      assert.ok(reply.json.message.includes(field), reply.json.message);
    });
  }

  it("refuses unknown fields on PUT too and leaves the client unchanged", async () => {
    const created = await api.createOk({ name: "unchanged" });
    const reply = await api.put(created.id, clientRequest({ name: "changed", redirectUris: ["https://example.com"] }));
    assertError(reply, 400, "invalid.property");
    assert.equal(reply.json.details[0].fieldName, "redirectUris");
    assert.equal((await api.get(created.id)).json.name, "unchanged");
  });

  it("accepts every documented request field", async () => {
    const reply = await api.create({
      name: "all fields",
      description: "every field",
      authorizedGrantType: "CODE",
      registeredRedirectUri: ["https://example.com/callback"],
      scope: ["users:readonly"],
      roleDivisions: [adminRoleDivision],
      roleIds: [EMPLOYEE_ROLE_ID],
      accessTokenValiditySeconds: 3600,
      state: "active",
      dateToDelete: "2030-01-01T00:00:00.000Z",
    });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.json.registeredRedirectUri, ["https://example.com/callback"]);
    assert.deepEqual(reply.json.scope, ["users:readonly"]);
    assert.deepEqual(reply.json.roleIds, [EMPLOYEE_ROLE_ID]);
    assert.equal(reply.json.dateToDelete, "2030-01-01T00:00:00.000Z");
  });

  it("accepts each documented grant type and refuses others with bad.grant.type", async () => {
    for (const grant of ["CODE", "TOKEN", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"]) {
      assert.equal((await api.create(clientRequest({ authorizedGrantType: grant }))).status, 200, grant);
    }
    for (const grant of ["client_credentials", "CLIENT_CREDENTIALS", ["CLIENT-CREDENTIALS"]]) {
      assertError(await api.create(clientRequest({ authorizedGrantType: grant })), 400, "bad.grant.type");
    }
  });

  it("requires authorizedGrantType (grant.type.required) and name", async () => {
    assertError(await api.create({ name: "no grant" }), 400, "grant.type.required");
    const noName = await api.create({ authorizedGrantType: "CLIENT-CREDENTIALS" });
    assertError(noName, 400, "constraint.validation");
    assert.equal(noName.json.details[0].fieldName, "name");
  });

  it("creates clients active only: another state is refused with bad.client.state", async () => {
    assertError(await api.create(clientRequest({ state: "inactive" })), 400, "bad.client.state");
    assertError(await api.create(clientRequest({ state: "disabled" })), 400, "bad.client.state");
    assert.equal((await api.create(clientRequest({ state: "active" }))).json.state, "active");
  });

  it("refuses a state outside active, disabled, inactive on PUT with bad.client.state", async () => {
    const created = await api.createOk();
    for (const state of ["deleted", "ACTIVE", true]) {
      assertError(await api.put(created.id, clientRequest({ state })), 400, "bad.client.state");
    }
  });

  it("refuses accessTokenValiditySeconds 299 and 172801 with constraint.validation", async () => {
    for (const seconds of [299, 172801]) {
      const reply = await api.create(clientRequest({ accessTokenValiditySeconds: seconds }));
      assertError(reply, 400, "constraint.validation");
      assert.equal(reply.json.details[0].fieldName, "accessTokenValiditySeconds");
    }
  });

  it("accepts accessTokenValiditySeconds 300 and 172800 and defaults it to 86400", async () => {
    for (const seconds of [300, 172800]) {
      assert.equal((await api.create(clientRequest({ accessTokenValiditySeconds: seconds }))).json.accessTokenValiditySeconds, seconds);
    }
    assert.equal((await api.create(clientRequest())).json.accessTokenValiditySeconds, 86400);
  });

  it("refuses a non-integer accessTokenValiditySeconds with invalid.value", async () => {
    for (const seconds of [600.5, "600"]) {
      assertError(await api.create(clientRequest({ accessTokenValiditySeconds: seconds })), 400, "invalid.value");
    }
  });

  it("refuses roleDivisions naming an unknown role (bad.client.role) or division (invalid.value)", async () => {
    assertError(await api.create(clientRequest({ roleDivisions: [{ roleId: UNKNOWN_ID, divisionId: HOME_DIVISION_ID }] })), 400, "bad.client.role");
    const division = await api.create(clientRequest({ roleDivisions: [{ roleId: adminRoleDivision.roleId, divisionId: UNKNOWN_ID }] }));
    assertError(division, 400, "invalid.value");
    assert.equal(division.json.details[0].fieldName, "roleDivisions[0].divisionId");
    assertError(await api.create(clientRequest({ roleIds: [UNKNOWN_ID] })), 400, "bad.client.role");
  });

  it("requires both roleId and divisionId in each roleDivisions entry and no other keys", async () => {
    assertError(await api.create(clientRequest({ roleDivisions: [{ roleId: adminRoleDivision.roleId }] })), 400, "constraint.validation");
    const extra = await api.create(clientRequest({ roleDivisions: [{ ...adminRoleDivision, role_id: "x" }] }));
    assertError(extra, 400, "invalid.property");
    assert.equal(extra.json.details[0].fieldName, "roleDivisions[0].role_id");
  });

  it("refuses wrongly typed fields with invalid.value", async () => {
    for (const overrides of [
      { description: 5 },
      { registeredRedirectUri: "https://example.com" },
      { registeredRedirectUri: ["not a uri"] },
      { scope: "all" },
      { dateToDelete: "tomorrow" },
      { name: 7 },
    ]) {
      const reply = await api.create(clientRequest(overrides));
      assertError(reply, 400, "invalid.value");
      assert.equal(reply.json.details[0].fieldName, Object.keys(overrides)[0]);
    }
  });

  it("answers invalid JSON and non-object bodies with 400 bad.request", async () => {
    assertError(await api.clients("", { method: "POST", headers: { "content-type": "application/json" }, body: "{name:" }), 400, "bad.request");
    assertError(await api.create([clientRequest()]), 400, "bad.request");
    assertError(await api.clients("", { method: "POST", headers: { "content-type": "application/json" }, body: "" }), 400, "bad.request");
  });

  it("creates nothing when validation fails", async () => {
    const before = (await api.list()).json.total;
    await api.create(clientRequest({ name: "refused", grantTypes: ["client_credentials"] }));
    await api.create(clientRequest({ name: "refused", accessTokenValiditySeconds: 1 }));
    assert.equal((await api.list()).json.total, before);
  });
});
