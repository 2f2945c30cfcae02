// The simulator driven by a client nobody here wrote: Genesys' official JavaScript SDK (purecloud-platform-client-v2,
// a dev dependency used by this test only), over 127.0.0.1. Every request the SDK sends must be accepted, and every
// response must fit the SDK's own models (its index.d.ts) with no field lost: a field the model lacks would be
// something Genesys does not send, a field of the wrong type something the SDK would misread.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ADMIN_ROLE_ID, ALL_DIVISIONS, HOME_DIVISION_ID, startSimulator, type SimulatorHandle } from "../../src/simulator/index.js";
import { pollUntil } from "./helpers.js";

const require = createRequire(import.meta.url);
const SDK_PACKAGE = "purecloud-platform-client-v2";

// ---- the SDK's models, read from its own type declarations ----------------------------------------------------

interface Field {
  type: string;
  optional: boolean;
}
type Models = Map<string, Map<string, Field>>;

function readModels(): Models {
  const text = readFileSync(join(dirname(require.resolve(`${SDK_PACKAGE}/package.json`)), "index.d.ts"), "utf8");
  const models: Models = new Map();
  for (const match of text.matchAll(/export interface (\w+) \{\s*\n([\s\S]*?)\n\t\}/g)) {
    const fields = new Map<string, Field>();
    for (const line of match[2]!.split("\n")) {
      const field = /^\s*"(\w+)"(\?)?: (.+);\s*$/.exec(line);
      if (field) fields.set(field[1]!, { type: field[3]!, optional: field[2] === "?" });
    }
    if (fields.size > 0 && !models.has(match[1]!)) models.set(match[1]!, fields);
  }
  return models;
}

/** Every way `value` does not fit the SDK type `type` ("Models.OAuthClient", "Array<string>", ...), by path. */
function misfits(models: Models, type: string, value: unknown, path: string): string[] {
  if (value === null || value === undefined) return [];
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return Array.isArray(value) ? value.flatMap((item, i) => misfits(models, array[1]!, item, `${path}[${i}]`)) : [`${path}: not an array`];
  if (type === "string") return typeof value === "string" ? [] : [`${path}: ${typeof value}, not a string`];
  if (type === "number") return typeof value === "number" ? [] : [`${path}: ${typeof value}, not a number`];
  if (type === "boolean") return typeof value === "boolean" ? [] : [`${path}: ${typeof value}, not a boolean`];
  if (/^\{ \[key: string\]: string; \}$/.test(type)) {
    return typeof value === "object" && Object.values(value as object).every((v) => typeof v === "string") ? [] : [`${path}: not a map of strings`];
  }
  const name = /^Models\.(\w+)$/.exec(type)?.[1] ?? type;
  const model = models.get(name);
  if (!model) return [`${path}: the SDK has no model ${type}`];
  if (typeof value !== "object" || Array.isArray(value)) return [`${path}: not an object (${name})`];
  const object = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, field] of model) {
    if (!field.optional && object[key] === undefined) problems.push(`${path}.${key}: required by ${name} but missing`);
  }
  for (const [key, item] of Object.entries(object)) {
    const field = model.get(key);
    if (!field) problems.push(`${path}.${key}: not a field of the SDK's ${name} (it would be lost)`);
    else problems.push(...misfits(models, field.type, item, `${path}.${key}`));
  }
  return problems;
}

// ---- the SDK, pointed at the simulator ------------------------------------------------------------------------

interface Sdk {
  ApiClient: { instance: SdkClient };
  OAuthApi: new () => OAuthApi;
}
interface SdkClient {
  setGateway(gateway: { host: string; protocol: string; port: number }): void;
  setEnvironment(environment: string): void;
  loginClientCredentialsGrant(id: string, secret: string): Promise<{ accessToken: string }>;
  setReturnExtendedResponses(on: boolean): void;
}
interface Extended {
  status: number;
  body: any;
}
interface OAuthApi {
  getOauthClients(): Promise<Extended>;
  getOauthClient(id: string): Promise<Extended>;
  postOauthClients(body: unknown): Promise<Extended>;
  putOauthClient(id: string, body: unknown): Promise<Extended>;
  postOauthClientSecret(id: string): Promise<Extended>;
  deleteOauthClient(id: string): Promise<Extended>;
}

/** The SDK's error, as what the server answered (the test's failure message). */
function describeSdkError(error: unknown): string {
  const e = error as { status?: number; body?: unknown; message?: string };
  return e.status !== undefined ? `HTTP ${e.status} ${JSON.stringify(e.body)}` : String(e.message ?? error);
}

async function sdkCall(what: string, call: () => Promise<Extended>): Promise<Extended> {
  try {
    return await call();
  } catch (error) {
    throw new Error(`the simulator refused the SDK's ${what}: ${describeSdkError(error)}`);
  }
}

describe(`the official SDK (${SDK_PACKAGE}) against the simulator`, () => {
  let sim: SimulatorHandle;
  let home: string;
  let previousHome: string | undefined;
  let sdk: Sdk;
  let client: SdkClient;
  let api: OAuthApi;
  const models = readModels();

  const port = (url: string) => Number(new URL(url).port);
  const useListener = (url: string) => client.setGateway({ host: "127.0.0.1", protocol: "http", port: port(url) });
  const assertFits = (type: string, body: unknown, what: string) =>
    assert.deepEqual(misfits(models, type, body, what), [], `${what} does not fit the SDK's ${type}`);

  before(async () => {
    // The SDK reads ~/.genesyscloudjavascript/config at load: give it an empty home, never the developer's.
    home = mkdtempSync(join(tmpdir(), "sdk-home-"));
    previousHome = process.env.HOME;
    process.env.HOME = home;
    sdk = require(SDK_PACKAGE) as Sdk;
    sim = await startSimulator({ host: "127.0.0.1" });
    client = sdk.ApiClient.instance;
    client.setEnvironment("mypurecloud.com");
    client.setReturnExtendedResponses(true);
    api = new sdk.OAuthApi();
  });
  after(async () => {
    await sim?.close();
    process.env.HOME = previousHome;
    rmSync(home, { recursive: true, force: true });
  });

  it("reads the SDK's models (the checks below are only as good as this)", () => {
    for (const name of ["OAuthClient", "OAuthClientRequest", "OAuthClientEntityListing", "RoleDivision", "DomainEntityRef", "ErrorBody"]) {
      assert.ok(models.get(name)?.size, `model ${name}`);
    }
    assert.deepEqual(misfits(models, "Models.RoleDivision", { roleId: "r", divisionId: 1, extra: true }, "x"), [
      "x.divisionId: number, not a string",
      "x.extra: not a field of the SDK's RoleDivision (it would be lost)",
    ]);
  });

  it("logs in with client credentials, then creates, lists, gets, updates, regenerates and deletes a young and an old client", async () => {
    // The SDK sends logins to login.<environment> and API calls to api.<environment>; a gateway sends both to one
    // host and port, so it is pointed at the login listener for the login and at the API listener after it.
    useListener(sim.loginUrl);
    const auth = await client.loginClientCredentialsGrant(sim.admin.clientId, sim.admin.clientSecret).catch((error: unknown) => {
      throw new Error(`the simulator refused the SDK's client-credentials login: ${describeSdkError(error)}`);
    });
    assert.equal(typeof auth.accessToken, "string");
    useListener(sim.apiUrl);

    const request = {
      name: "sdk conformance",
      description: "made by the official SDK",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      accessTokenValiditySeconds: 3600,
      roleDivisions: [{ roleId: ADMIN_ROLE_ID, divisionId: HOME_DIVISION_ID }],
      state: "active",
    };
    assertFits("Models.OAuthClientRequest", request, "the create request");

    const created = await sdkCall("create (postOauthClients)", () => api.postOauthClients(request));
    assert.equal(created.status, 200);
    assertFits("Models.OAuthClient", created.body, "create's response");
    assert.equal(typeof created.body.secret, "string", "create returns the secret");
    const id = created.body.id as string;

    // Reads lag behind the create, as in Genesys: retry the way the official provider does.
    await pollUntil(
      "the new client readable",
      async () =>
        (await api.getOauthClient(id).then(
          (r) => r.status,
          (e: { status?: number }) => e.status,
        )) === 200,
    );
    const got = await sdkCall("get (getOauthClient)", () => api.getOauthClient(id));
    assertFits("Models.OAuthClient", got.body, "get's response");
    assert.equal(got.body.secret, undefined, "get never returns the secret");

    let listing: Extended | undefined;
    await pollUntil("the new client listed", async () => {
      listing = await sdkCall("list (getOauthClients)", () => api.getOauthClients());
      return (listing.body.entities as { id: string }[]).some((entity) => entity.id === id);
    });
    assertFits("Models.OAuthClientEntityListing", listing!.body, "list's response");

    const update = { ...request, description: "updated by the SDK", roleDivisions: [{ roleId: ADMIN_ROLE_ID, divisionId: ALL_DIVISIONS }] };
    const updated = await sdkCall("update (putOauthClient)", () => api.putOauthClient(id, update));
    assertFits("Models.OAuthClient", updated.body, "update's response");
    assert.equal(updated.body.description, "updated by the SDK");
    assert.deepEqual(updated.body.roleDivisions, [{ roleId: ADMIN_ROLE_ID, divisionId: "*" }]);

    const regenerated = await sdkCall("regenerate secret (postOauthClientSecret)", () => api.postOauthClientSecret(id));
    assertFits("Models.OAuthClient", regenerated.body, "regenerate's response");
    assert.notEqual(regenerated.body.secret, created.body.secret);

    // A young client: deactivate, delete, then it is gone.
    await sdkCall("deactivate (putOauthClient)", () => api.putOauthClient(id, { ...update, state: "inactive" }));
    const deleted = await sdkCall("delete (deleteOauthClient)", () => api.deleteOauthClient(id));
    assert.ok(deleted.status >= 200 && deleted.status < 300);
    const gone = await api.getOauthClient(id).then(
      () => assert.fail("a deleted young client is still readable"),
      (error: { status?: number; body?: unknown }) => error,
    );
    assert.equal(gone.status, 404);
    assertFits("Models.ErrorBody", gone.body, "the 404's ErrorBody");

    // An old client (created more than 30 days ago): soft-deleted, readable with state "deleted" and dateToDelete.
    const old = await sdkCall("create (postOauthClients)", () => api.postOauthClients({ ...request, name: "sdk old client" }));
    const oldId = old.body.id as string;
    const aged = await fetch(`${sim.apiUrl}/__sim/clients/${oldId}/age`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ days: 31 }),
    });
    assert.equal(aged.status, 200);
    await sdkCall("deactivate (putOauthClient)", () => api.putOauthClient(oldId, { ...request, name: "sdk old client", state: "inactive" }));
    await sdkCall("delete (deleteOauthClient)", () => api.deleteOauthClient(oldId));
    let soft: Extended | undefined;
    await pollUntil("the soft-deleted client readable", async () => {
      soft = await api.getOauthClient(oldId).catch(() => undefined);
      return soft !== undefined;
    });
    assertFits("Models.OAuthClient", soft!.body, "a soft-deleted client");
    assert.equal(soft!.body.state, "deleted");
    assert.match(soft!.body.dateToDelete, /^\d{4}-\d{2}-\d{2}T/);
    await pollUntil("the soft-deleted client listed", async () => {
      const entities = (await api.getOauthClients()).body.entities as { id: string; state: string }[];
      return entities.some((entity) => entity.id === oldId && entity.state === "deleted");
    });
  });

  it("every error the SDK can receive fits its ErrorBody", async () => {
    const refused = await api.postOauthClients({ name: "no roles", authorizedGrantType: "CLIENT-CREDENTIALS" }).then(
      () => assert.fail("a client-credentials client without roles was accepted"),
      (error: { status?: number; body?: unknown }) => error,
    );
    assert.equal(refused.status, 400);
    assert.equal((refused.body as { code?: string }).code, "missing.client.roles");
    assertFits("Models.ErrorBody", refused.body, "missing.client.roles");
  });
});
