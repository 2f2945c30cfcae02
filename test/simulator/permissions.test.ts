// Permission facts: the clients API needs oauth:client:* permissions, granted through roles.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startSimulator, type SimulatorHandle } from "../../src/simulator/index.js";
import { AdminApi, adminRoleDivision, assertError, call, clientRequest, EMPLOYEE_ROLE_ID, HOME_DIVISION_ID, tokenFor } from "./helpers.js";

describe("permissions", () => {
  let sim: SimulatorHandle;
  let api: AdminApi;
  before(async () => {
    sim = await startSimulator({ host: "127.0.0.1" });
    api = await AdminApi.connect(sim);
  });
  after(() => sim.close());

  async function tokenOfNewClient(overrides: Record<string, unknown>): Promise<string> {
    const created = await api.createOk(overrides);
    return tokenFor(sim, created.id, created.secret);
  }

  it("lets a new client with a role that grants no oauth permission get a token but answers its API calls 403 missing.permissions naming the permission", async () => {
    const token = await tokenOfNewClient({ roleDivisions: [{ roleId: EMPLOYEE_ROLE_ID, divisionId: HOME_DIVISION_ID }] });
    const target = (await api.createOk()).id;
    const base = `${sim.apiUrl}/api/v2/oauth/clients`;
    const cases: Array<[string, Promise<Awaited<ReturnType<typeof call>>>]> = [
      ["oauth:client:view", call(base, { token })],
      ["oauth:client:view", call(`${base}/${target}`, { token })],
      ["oauth:client:add", call(base, { token, json: clientRequest() })],
      ["oauth:client:edit", call(`${base}/${target}`, { token, method: "PUT", json: clientRequest() })],
      ["oauth:client:edit", call(`${base}/${target}/secret`, { token, method: "POST" })],
      ["oauth:client:delete", call(`${base}/${target}`, { token, method: "DELETE" })],
    ];
    for (const [permission, pending] of cases) {
      const reply = await pending;
      assertError(reply, 403, "missing.permissions");
      assert.ok(reply.json.message.includes(permission), `${permission}: ${reply.json.message}`);
    }
    assert.equal((await api.get(target)).status, 200, "the refused calls changed nothing");
  });

  it("refuses a client holding only the Employee role", async () => {
    const token = await tokenOfNewClient({ roleDivisions: [{ roleId: EMPLOYEE_ROLE_ID, divisionId: HOME_DIVISION_ID }] });
    assertError(await call(`${sim.apiUrl}/api/v2/oauth/clients`, { token }), 403, "missing.permissions");
  });

  it("allows a new client whose roleDivisions include the admin role", async () => {
    const token = await tokenOfNewClient({ roleDivisions: [adminRoleDivision] });
    assert.equal((await call(`${sim.apiUrl}/api/v2/oauth/clients`, { token })).status, 200);
    const created = await call(`${sim.apiUrl}/api/v2/oauth/clients`, { token, json: clientRequest({ name: "made by a delegate" }) });
    assert.equal(created.status, 200);
  });

  it("follows role changes: replacing the admin role by PUT takes the permission away", async () => {
    const created = await api.createOk({ roleDivisions: [adminRoleDivision] });
    const token = await tokenFor(sim, created.id, created.secret);
    assert.equal((await call(`${sim.apiUrl}/api/v2/oauth/clients`, { token })).status, 200);
    await api.put(created.id, clientRequest({ roleDivisions: [{ roleId: EMPLOYEE_ROLE_ID, divisionId: HOME_DIVISION_ID }] }));
    assertError(await call(`${sim.apiUrl}/api/v2/oauth/clients`, { token }), 403, "missing.permissions");
  });
});
