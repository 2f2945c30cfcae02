// Simulator-only admin routes: faults (rate limit, 5xx, delay, reset, commit-then-reset), counters, reset.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { startSimulator, type SimulatorHandle } from "../../src/simulator/index.js";
import { AdminApi, assertError, clientRequest, pollUntil, requestToken, sim as simRoute } from "./helpers.js";

const CREATE = "POST /api/v2/oauth/clients";

describe("faults and counters (/__sim/)", () => {
  let sim: SimulatorHandle;
  let api: AdminApi;
  before(async () => {
    sim = await startSimulator({ host: "127.0.0.1" });
    api = await AdminApi.connect(sim);
  });
  beforeEach(async () => {
    assert.equal((await simRoute(sim, "/__sim/reset", { method: "POST" })).status, 200);
  });
  after(() => sim.close());

  async function inject(fault: Record<string, unknown>): Promise<void> {
    const reply = await simRoute(sim, "/__sim/faults", { json: fault });
    assert.equal(reply.status, 200, reply.text);
  }

  async function clientsNamed(name: string): Promise<Array<{ id: string; state: string }>> {
    const reply = await simRoute(sim, "/__sim/clients");
    return reply.json.clients.filter((client: { name: string }) => client.name === name);
  }

  it("rate-limit answers 429 too.many.requests.retry.after with Retry-After for the next N requests only", async () => {
    await inject({ route: "GET /api/v2/oauth/clients", times: 2, fault: "rate-limit", retryAfterSeconds: 7 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const reply = await api.list();
      assertError(reply, 429, "too.many.requests.retry.after");
      assert.equal(reply.headers["retry-after"], "7");
    }
    assert.equal((await api.list()).status, 200);
  });

  it("status answers that 5xx with the matching ErrorBody code and applies nothing", async () => {
    for (const [status, code] of [
      [503, "service.unavailable"],
      [500, "internal.server.error"],
      [504, "request.timeout"],
    ] as const) {
      await inject({ route: CREATE, fault: "status", status });
      assertError(await api.create(clientRequest({ name: `status-${status}` })), status, code);
      assert.equal((await clientsNamed(`status-${status}`)).length, 0);
    }
  });

  it("reset drops the connection without a response and without creating the client", async () => {
    await inject({ route: CREATE, fault: "reset" });
    await assert.rejects(api.create(clientRequest({ name: "reset-fault" })));
    assert.equal((await clientsNamed("reset-fault")).length, 0);
    assert.equal((await api.create(clientRequest({ name: "reset-fault" }))).status, 200, "only one request is faulted");
  });

  it("commit-then-reset creates the client although the request fails without a response", async () => {
    await inject({ route: CREATE, fault: "commit-then-reset" });
    await assert.rejects(api.create(clientRequest({ name: "ambiguous-create" })));
    const found = await clientsNamed("ambiguous-create");
    assert.equal(found.length, 1);
    assert.equal(found[0]?.state, "active");
    let listed: unknown[] = [];
    await pollUntil("the ambiguous create listed", async () => {
      listed = (await api.list()).json.entities.filter((client: { name: string }) => client.name === "ambiguous-create");
      return listed.length > 0;
    });
    assert.equal(listed.length, 1);
  });

  it("commit-then-reset on DELETE deletes the client", async () => {
    const created = await api.createOk({ name: "ambiguous-delete" });
    await api.put(created.id, clientRequest({ name: "ambiguous-delete", state: "inactive" }));
    await inject({ route: "DELETE /api/v2/oauth/clients/{id}", fault: "commit-then-reset" });
    await assert.rejects(api.delete(created.id));
    assertError(await api.get(created.id), 404, "client.not.found");
  });

  it("delay waits delayMs and then handles the request normally", async () => {
    await inject({ route: "GET /api/v2/oauth/clients/{id}", fault: "delay", delayMs: 300 });
    const started = Date.now();
    const reply = await api.get(sim.admin.clientId);
    assert.ok(Date.now() - started >= 290, `took ${Date.now() - started} ms`);
    assert.equal(reply.status, 200);
  });

  it("faults the token route on the login listener", async () => {
    await inject({ route: "POST /oauth/token", fault: "rate-limit", retryAfterSeconds: 2 });
    const reply = await requestToken(sim, sim.admin.clientId, sim.admin.clientSecret);
    assert.equal(reply.status, 429);
    assert.equal(reply.headers["retry-after"], "2");
    assert.equal((await requestToken(sim, sim.admin.clientId, sim.admin.clientSecret)).status, 200);
  });

  it("counts requests per method and route template over both listeners, including faulted ones, but not admin routes", async () => {
    const created = await api.createOk({ name: "counted" });
    await simRoute(sim, "/__sim/reset", { method: "POST" }); // createOk polled GET until the new client was readable
    await api.create(clientRequest({ name: "counted" }));
    await api.get(created.id);
    await api.get(sim.admin.clientId);
    await requestToken(sim, sim.admin.clientId, "wrong");
    await inject({ route: "GET /api/v2/oauth/clients", fault: "status", status: 503 });
    await api.list();
    await simRoute(sim, "/__sim/clients");
    const counts = (await simRoute(sim, "/__sim/counters")).json.counts;
    assert.deepEqual(counts, {
      "POST /api/v2/oauth/clients": 1,
      "GET /api/v2/oauth/clients/{id}": 2,
      "POST /oauth/token": 1,
      "GET /api/v2/oauth/clients": 1,
    });
  });

  it("reset clears the counters and pending faults but keeps the clients", async () => {
    const created = await api.createOk({ name: "survives reset" });
    await inject({ route: "GET /api/v2/oauth/clients", fault: "status", status: 500 });
    await simRoute(sim, "/__sim/reset", { method: "POST" });
    assert.deepEqual((await simRoute(sim, "/__sim/counters")).json.counts, {});
    assert.equal((await api.list()).status, 200);
    assert.equal((await api.get(created.id)).status, 200);
  });

  it("lists every client with its state and never a secret on /__sim/clients", async () => {
    const created = await api.createOk({ name: "sim-listed" });
    const reply = await simRoute(sim, "/__sim/clients");
    assert.equal(reply.status, 200);
    const mine = reply.json.clients.find((client: { id: string }) => client.id === created.id);
    assert.equal(mine.state, "active");
    assert.ok(!reply.text.includes(created.secret));
    assert.ok(!reply.text.includes(sim.admin.clientSecret));
  });

  it("refuses a fault for an unknown route or of an unknown kind", async () => {
    assertError(await simRoute(sim, "/__sim/faults", { json: { route: "GET /api/v2/users", fault: "reset" } }), 400, "bad.request");
    assertError(await simRoute(sim, "/__sim/faults", { json: { route: CREATE, fault: "explode" } }), 400, "bad.request");
    assertError(await simRoute(sim, "/__sim/faults", { json: { route: CREATE, fault: "status", status: 404 } }), 400, "bad.request");
  });
});
