// Error body shape and the ININ-Correlation-Id header on every response.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startSimulator, type SimulatorHandle } from "../../src/simulator/index.js";
import { AdminApi, assertError, call, clientRequest, requestToken, UUID } from "./helpers.js";

describe("errors and correlation ids", () => {
  let sim: SimulatorHandle;
  let api: AdminApi;
  before(async () => {
    sim = await startSimulator({ host: "127.0.0.1" });
    api = await AdminApi.connect(sim);
  });
  after(() => sim.close());

  it("answers errors with the full ErrorBody whose contextId equals the ININ-Correlation-Id header", async () => {
    const reply = await api.create(clientRequest({ clientType: "confidential" }));
    assertError(reply, 400, "invalid.property");
    assert.deepEqual(Object.keys(reply.json).sort(), ["code", "contextId", "details", "errors", "message", "messageParams", "messageWithParams", "status"]);
    assert.deepEqual(reply.json.details, [{ errorCode: "invalid.property", fieldName: "clientType" }]);
    assert.deepEqual(reply.json.messageParams, { fieldName: "clientType" });
    assert.ok(reply.json.messageWithParams.includes("{fieldName}"));
  });

  it("answers unknown routes 404 not.found on both listeners, with a correlation id", async () => {
    assertError(await call(`${sim.apiUrl}/api/v2/users`), 404, "not.found");
    assertError(await call(`${sim.apiUrl}/api/v2/oauth/clients/${sim.admin.clientId}`, { method: "POST", json: {} }), 404, "not.found");
    assertError(await call(`${sim.loginUrl}/oauth/authorize`), 404, "not.found");
    assertError(await call(`${sim.loginUrl}/oauth/token`), 404, "not.found");
  });

  it("puts a distinct uuid ININ-Correlation-Id on every response, successes included", async () => {
    const created = await api.createOk();
    await api.put(created.id, clientRequest({ state: "inactive" }));
    const replies = [
      await requestToken(sim, sim.admin.clientId, sim.admin.clientSecret),
      await requestToken(sim, sim.admin.clientId, "wrong"),
      await api.list(),
      await api.get(created.id),
      await api.regenerate(created.id),
      await api.delete(created.id),
      await api.get(created.id),
      await call(`${sim.apiUrl}/api/v2/oauth/token`, { method: "POST" }),
      await call(`${sim.apiUrl}/__sim/counters`),
    ];
    const ids = replies.map((reply) => reply.correlationId);
    for (const id of ids) assert.match(id ?? "", UUID);
    assert.equal(new Set(ids).size, ids.length);
  });
});
