// The simulator behaves as Genesys is documented to (docs/GENESYS-BEHAVIOUR.md), by default: soft delete of clients
// older than 30 days, reads that lag behind creates, roles required for client credentials, the caller-must-hold-
// the-roles rule, division "*", and (simulator-only knob) a per-client IP allow-list at the token endpoint.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_READ_LAG, EMPLOYEE_ROLE_ID, SINGLE_PERMISSION_ROLE_IDS } from "../../src/simulator/index.js";
import { ADMIN_ROLE_ID, adminRoleDivision, assertError, call, clientRequest, HOME_DIVISION_ID, requestToken, sim, tokenFor, withSimulator } from "./helpers.js";

const admin = (sim: Parameters<Parameters<typeof withSimulator>[1]>[0], path: string, method: "GET" | "POST" | "PUT", json?: unknown) =>
  call(`${sim.apiUrl}${path}`, json === undefined ? { method } : { method, json });

describe("realistic Genesys behaviour", () => {
  it("lags by default: a new client answers 404 to GET, and is missing from the list, until the lag has passed", async () => {
    assert.ok(DEFAULT_READ_LAG.getMs > 0 && DEFAULT_READ_LAG.listMs > 0, "non-zero by default");
    await withSimulator({ getLagMs: 300, listLagMs: 800 }, async (handle, api) => {
      const reply = await api.create(clientRequest({ name: "lagging" }));
      assert.equal(reply.status, 200);
      const id = reply.json.id as string;
      assertError(await api.get(id), 404, "client.not.found");
      assert.equal((await api.put(id, clientRequest({ name: "lagging", description: "writes see it" }))).status, 200, "writes are not delayed");
      assert.equal((await requestToken(handle, id, reply.json.secret)).status, 200, "nor is the token endpoint");
      await new Promise((resolve) => setTimeout(resolve, 350));
      assert.equal((await api.get(id)).status, 200);
      assert.ok(!(await api.list()).json.entities.some((e: { id: string }) => e.id === id), "the list lags longer");
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.ok((await api.list()).json.entities.some((e: { id: string }) => e.id === id));
      assert.deepEqual((await admin(handle, "/__sim/lag", "POST", { listMs: 4000 })).json, { listMs: 4000, getMs: 300 });
      assert.equal((await admin(handle, "/__sim/lag", "POST", { listMs: -1 })).status, 400);
    });
  });

  it("deletes a client younger than 30 days at once, and soft-deletes an older one for seven days", async () => {
    await withSimulator({}, async (handle, api) => {
      const young = await api.createOk({ name: "young" });
      await api.put(young.id, clientRequest({ name: "young", state: "inactive" }));
      assert.equal((await api.delete(young.id)).status, 204);
      assertError(await api.get(young.id), 404, "client.not.found");

      const old = await api.createOk({ name: "old" });
      const aged = await admin(handle, `/__sim/clients/${old.id}/age`, "POST", { days: 31 });
      assert.equal(aged.status, 200);
      assert.ok(Date.parse(aged.json.dateCreated) < Date.now() - 30 * 86_400_000);
      const oldToken = await tokenFor(handle, old.id, old.secret);
      await api.put(old.id, clientRequest({ name: "old", state: "inactive" }));
      assert.equal((await api.delete(old.id)).status, 204);
      const soft = await api.get(old.id);
      assert.equal(soft.status, 200, "still readable");
      assert.equal(soft.json.state, "deleted");
      const days = (Date.parse(soft.json.dateToDelete) - Date.now()) / 86_400_000;
      assert.ok(days > 6.9 && days <= 7, `dateToDelete ${soft.json.dateToDelete} is seven days on`);
      await api.awaitListed(old.id);
      assert.equal((await api.list()).json.entities.find((e: { id: string }) => e.id === old.id).state, "deleted", "still listed, as deleted");
      assertError(await api.put(old.id, clientRequest({ name: "old" })), 400, "bad.client.state");
      assertError(await api.regenerate(old.id), 400, "bad.client.state");
      assertError(await api.delete(old.id), 400, "bad.client.state");
      assert.equal((await requestToken(handle, old.id, old.secret)).status, 401, "it cannot log in");
      assertError(await call(`${handle.apiUrl}/api/v2/oauth/clients`, { token: oldToken }), 401, "bad.credentials");

      await admin(handle, "/__sim/clock", "POST", { advanceSeconds: 7 * 86_400 + 1 });
      await api.refreshToken();
      assertError(await api.get(old.id), 404, "client.not.found");
    });
  });

  it('requires roles for a CLIENT-CREDENTIALS client (400 missing.client.roles) and accepts division "*"', async () => {
    await withSimulator({}, async (_handle, api) => {
      assertError(await api.create({ name: "no roles", authorizedGrantType: "CLIENT-CREDENTIALS" }), 400, "missing.client.roles");
      assertError(await api.create({ name: "no roles", authorizedGrantType: "CLIENT-CREDENTIALS", roleDivisions: [] }), 400, "missing.client.roles");
      const created = await api.createOk({ roleDivisions: [{ roleId: ADMIN_ROLE_ID, divisionId: "*" }] });
      assert.deepEqual(created.body.roleDivisions, [{ roleId: ADMIN_ROLE_ID, divisionId: "*" }]);
      assertError(await api.put(created.id, clientRequest({ roleDivisions: [] })), 400, "missing.client.roles");
      assert.equal(
        (await api.create({ name: "code", authorizedGrantType: "CODE", registeredRedirectUri: ["https://example.com/cb"] })).status,
        200,
        "other grants need none",
      );
    });
  });

  it("lets a caller assign only roles it holds, and edit only clients whose roles it holds", async () => {
    await withSimulator({}, async (handle, api) => {
      const roles = (...ids: string[]) => ids.map((roleId) => ({ roleId, divisionId: HOME_DIVISION_ID }));
      const limited = await api.createOk({
        name: "limited",
        roleDivisions: roles(SINGLE_PERMISSION_ROLE_IDS["oauth:client:add"], SINGLE_PERMISSION_ROLE_IDS["oauth:client:edit"], EMPLOYEE_ROLE_ID),
      });
      const token = await tokenFor(handle, limited.id, limited.secret);
      const base = `${handle.apiUrl}/api/v2/oauth/clients`;
      const refused = await call(base, { token, json: clientRequest({ roleDivisions: [adminRoleDivision] }) });
      assertError(refused, 403, "not.authorized");
      assert.match(refused.json.message, /OAuth Client Admin/);
      const own = await call(base, { token, json: clientRequest({ name: "delegated", roleDivisions: roles(EMPLOYEE_ROLE_ID) }) });
      assert.equal(own.status, 200, own.text);
      const adminsClient = await api.createOk({ name: "admin's" });
      assertError(
        await call(`${base}/${adminsClient.id}`, { token, method: "PUT", json: clientRequest({ name: "admin's", roleDivisions: roles(EMPLOYEE_ROLE_ID) }) }),
        403,
        "not.authorized",
      );
      assertError(await call(`${base}/${adminsClient.id}/secret`, { token, method: "POST" }), 403, "not.authorized");
    });
  });

  it("refuses tokens from outside a client's allowed IP addresses with 401 ip.not.authorized (simulator knob)", async () => {
    await withSimulator({}, async (handle, api) => {
      const created = await api.createOk();
      const set = (allowed: unknown) => admin(handle, `/__sim/clients/${created.id}/allowed-ips`, "PUT", { allowed });
      assert.equal((await set(["192.0.2.0/24"])).status, 200);
      const refused = await requestToken(handle, created.id, created.secret);
      assert.equal(refused.status, 401);
      assert.equal(refused.json.error, "ip.not.authorized");
      assert.equal(typeof refused.json.error_description, "string");
      assert.equal((await requestToken(handle, created.id, "wrong")).json.error, "invalid_client", "a wrong secret is still a wrong secret");
      assert.equal((await set(["127.0.0.0/8"])).status, 200);
      assert.equal((await requestToken(handle, created.id, created.secret)).status, 200);
      assert.equal((await set(["not an address"])).status, 400);
      assert.equal((await sim(handle, "/__sim/clients/00000000-0000-4000-8000-00000000ffff/age", { method: "POST", json: { days: 1 } })).status, 404);
    });
  });
});
