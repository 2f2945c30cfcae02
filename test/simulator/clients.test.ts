// Clients API facts: status codes, secret visibility, listing envelope, names, full-replace PUT, lifecycle.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startSimulator, type SimulatorHandle } from "../../src/simulator/index.js";
import { AdminApi, adminRoleDivision, assertError, call, clientRequest, requestToken, tokenFor, withSimulator } from "./helpers.js";

const MISSING_ID = "0f0f0f0f-0000-4000-8000-000000000000";

describe("/api/v2/oauth/clients", () => {
  let sim: SimulatorHandle;
  let api: AdminApi;
  before(async () => {
    sim = await startSimulator({ host: "127.0.0.1" });
    api = await AdminApi.connect(sim);
  });
  after(() => sim.close());

  it("creates with 200 (not 201) and returns the OAuthClient with its secret and defaults", async () => {
    const reply = await api.create(clientRequest({ name: "create-me", description: "d", roleDivisions: [adminRoleDivision] }));
    assert.equal(reply.status, 200);
    const client = reply.json;
    assert.equal(client.name, "create-me");
    assert.equal(client.description, "d");
    assert.equal(client.authorizedGrantType, "CLIENT-CREDENTIALS");
    assert.deepEqual(client.roleDivisions, [adminRoleDivision]);
    assert.equal(client.accessTokenValiditySeconds, 86400);
    assert.equal(client.state, "active");
    assert.equal(client.selfUri, `/api/v2/oauth/clients/${client.id}`);
    assert.equal(typeof client.dateCreated, "string");
    assert.equal(typeof client.dateModified, "string");
    assert.equal(client.createdBy.id, sim.admin.clientId);
    assert.equal(typeof client.secret, "string");
    assert.match(client.secret, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(client.clientSecret, undefined);
  });

  it("returns the secret only from create and regenerate; get, put and list never include it", async () => {
    const created = await api.createOk({ name: "visibility" });
    const get = await api.get(created.id);
    assert.equal(get.status, 200);
    assert.equal(get.json.id, created.id);
    assert.ok(!("secret" in get.json));
    const put = await api.put(created.id, clientRequest({ name: "visibility", description: "changed" }));
    assert.equal(put.status, 200);
    assert.ok(!("secret" in put.json));
    const list = await api.awaitListed(created.id);
    assert.ok(list.json.entities.length >= 2);
    for (const entity of list.json.entities) assert.ok(!("secret" in entity), `list entity ${entity.id}`);
    assert.ok(!list.text.includes(created.secret));
    const regenerated = await api.regenerate(created.id);
    assert.equal(regenerated.status, 200);
    assert.equal(typeof regenerated.json.secret, "string");
    assert.notEqual(regenerated.json.secret, created.secret);
  });

  it("lists every client on one page in the paged envelope, ignoring query parameters", async () => {
    const created = await api.createOk({ name: "listed" });
    await api.awaitListed(created.id);
    const reply = await api.clients("?pageSize=1&pageNumber=2&name=nobody");
    assert.equal(reply.status, 200);
    assert.deepEqual(Object.keys(reply.json).sort(), [
      "entities",
      "firstUri",
      "lastUri",
      "nextUri",
      "pageCount",
      "pageNumber",
      "pageSize",
      "previousUri",
      "selfUri",
      "total",
    ]);
    const ids = reply.json.entities.map((entity: { id: string }) => entity.id);
    assert.ok(ids.includes(created.id));
    assert.ok(ids.includes(sim.admin.clientId));
    assert.equal(reply.json.total, ids.length);
    assert.equal(reply.json.pageNumber, 1);
    assert.equal(reply.json.pageCount, 1);
    assert.equal(reply.json.nextUri, null);
    assert.equal(reply.json.previousUri, null);
  });

  it("accepts two clients with the same name", async () => {
    const first = await api.create(clientRequest({ name: "same name" }));
    const second = await api.create(clientRequest({ name: "same name" }));
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.notEqual(first.json.id, second.json.id);
    const named = (await api.awaitListed(first.json.id, second.json.id)).json.entities.filter((entity: { name: string }) => entity.name === "same name");
    assert.equal(named.length, 2);
  });

  it("answers 404 client.not.found for get, put, delete and regenerate of an unknown id", async () => {
    for (const reply of [
      await api.get(MISSING_ID),
      await api.put(MISSING_ID, clientRequest()),
      await api.delete(MISSING_ID),
      await api.regenerate(MISSING_ID),
    ]) {
      assertError(reply, 404, "client.not.found");
      assert.equal(reply.json.entityId, MISSING_ID);
    }
  });

  it("treats PUT as a full replace: fields left out fall back to their defaults", async () => {
    const created = await api.createOk({ description: "keep?", accessTokenValiditySeconds: 600, scope: ["a"] });
    const reply = await api.put(created.id, clientRequest({ name: "renamed" }));
    assert.equal(reply.status, 200);
    assert.equal(reply.json.name, "renamed");
    assert.ok(!("description" in reply.json));
    assert.equal(reply.json.accessTokenValiditySeconds, 86400);
    assert.deepEqual(reply.json.scope, []);
    assert.equal((await api.get(created.id)).json.name, "renamed");
  });

  it("requires name and authorizedGrantType on PUT", async () => {
    const created = await api.createOk();
    assertError(await api.put(created.id, { name: "no grant" }), 400, "grant.type.required");
    assertError(await api.put(created.id, { authorizedGrantType: "CLIENT-CREDENTIALS" }), 400, "constraint.validation");
  });

  it("refuses to delete a client that is not inactive with 400 cannot.delete.client", async () => {
    const created = await api.createOk();
    assertError(await api.delete(created.id), 400, "cannot.delete.client");
    await api.put(created.id, clientRequest({ state: "disabled" }));
    assertError(await api.delete(created.id), 400, "cannot.delete.client");
    assert.equal((await api.get(created.id)).status, 200);
  });

  it("deletes an inactive client with an empty body, after which GET answers 404 client.not.found", async () => {
    const created = await api.createOk();
    assert.equal((await api.put(created.id, clientRequest({ state: "inactive" }))).json.state, "inactive");
    const deleted = await api.delete(created.id);
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, "");
    assertError(await api.get(created.id), 404, "client.not.found");
    assertError(await api.delete(created.id), 404, "client.not.found");
  });

  it("regenerate stops the old secret at once and the new one works", async () => {
    const created = await api.createOk({ roleDivisions: [adminRoleDivision] });
    const tokenBefore = await tokenFor(sim, created.id, created.secret);
    const regenerated = await api.regenerate(created.id);
    assert.equal(regenerated.status, 200);
    const old = await requestToken(sim, created.id, created.secret);
    assert.equal(old.status, 401);
    assert.equal(old.json.error, "invalid_client");
    const fresh = await requestToken(sim, created.id, regenerated.json.secret);
    assert.equal(fresh.status, 200);
    // Documented choice: tokens issued before the regenerate stay valid until they expire.
    assert.equal((await call(`${sim.apiUrl}/api/v2/oauth/clients`, { token: tokenBefore })).status, 200);
  });

  it("stops a deleted client's tokens from working", async () => {
    const created = await api.createOk({ roleDivisions: [adminRoleDivision] });
    const token = await tokenFor(sim, created.id, created.secret);
    await api.put(created.id, clientRequest({ state: "inactive", roleDivisions: [adminRoleDivision] }));
    assert.equal((await api.delete(created.id)).status, 204);
    assertError(await call(`${sim.apiUrl}/api/v2/oauth/clients`, { token }), 401, "bad.credentials");
  });
});

describe("secret prefix", () => {
  it("starts every generated client secret with the prefix, but not the seeded admin's", async () => {
    await withSimulator({ secretPrefix: "CANARY-" }, async (sim, api) => {
      assert.ok(!sim.admin.clientSecret.startsWith("CANARY-"));
      const created = await api.createOk();
      assert.match(created.secret, /^CANARY-[A-Za-z0-9_-]{20,}$/);
      const regenerated = await api.regenerate(created.id);
      assert.match(regenerated.json.secret, /^CANARY-[A-Za-z0-9_-]{20,}$/);
      assert.notEqual(regenerated.json.secret, created.secret);
      assert.equal((await requestToken(sim, created.id, regenerated.json.secret)).status, 200);
    });
  });
});
