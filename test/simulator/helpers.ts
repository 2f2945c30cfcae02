// Shared helpers for the simulator conformance tests: an in-process simulator and a tiny HTTP client.
import assert from "node:assert/strict";
import { request } from "undici";
import { ADMIN_ROLE_ID, HOME_DIVISION_ID, startSimulator, type SimulatorHandle, type SimulatorOptions } from "../../src/simulator/index.js";

export { ADMIN_ROLE_ID, EMPLOYEE_ROLE_ID, HOME_DIVISION_ID } from "../../src/simulator/index.js";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // Tests inspect arbitrary JSON bodies.
  json: any;
  correlationId: string | undefined;
}

export interface CallOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  headers?: Record<string, string>;
  body?: string;
  json?: unknown;
  token?: string;
}

export async function call(url: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  }
  if (options.token !== undefined) headers["authorization"] = `Bearer ${options.token}`;
  const response = await request(url, { method: options.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const correlation = response.headers["inin-correlation-id"];
  return { status: response.statusCode, headers: response.headers, text, json, correlationId: typeof correlation === "string" ? correlation : undefined };
}

export function basic(id: string, secret: string): string {
  return "Basic " + Buffer.from(`${id}:${secret}`).toString("base64");
}

export function requestToken(sim: SimulatorHandle, id: string, secret: string): Promise<Reply> {
  return call(`${sim.loginUrl}/oauth/token`, {
    method: "POST",
    headers: { authorization: basic(id, secret), "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
}

export async function tokenFor(sim: SimulatorHandle, id: string, secret: string): Promise<string> {
  const reply = await requestToken(sim, id, secret);
  if (reply.status !== 200) throw new Error(`token request failed: ${reply.status} ${reply.text}`);
  return reply.json.access_token as string;
}

export const adminRoleDivision = { roleId: ADMIN_ROLE_ID, divisionId: HOME_DIVISION_ID };

/** A valid create body: a client-credentials client needs a role (missing.client.roles otherwise). */
export function clientRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: "test client", authorizedGrantType: "CLIENT-CREDENTIALS", roleDivisions: [adminRoleDivision], ...overrides };
}

/** The clients API as the seeded admin. */
export class AdminApi {
  private constructor(
    readonly sim: SimulatorHandle,
    private token: string,
  ) {}

  static async connect(sim: SimulatorHandle): Promise<AdminApi> {
    return new AdminApi(sim, await tokenFor(sim, sim.admin.clientId, sim.admin.clientSecret));
  }

  async refreshToken(): Promise<void> {
    this.token = await tokenFor(this.sim, this.sim.admin.clientId, this.sim.admin.clientSecret);
  }

  clients(path = "", options: Omit<CallOptions, "token"> = {}): Promise<Reply> {
    return call(`${this.sim.apiUrl}/api/v2/oauth/clients${path}`, { ...options, token: this.token });
  }

  list(): Promise<Reply> {
    return this.clients();
  }

  create(body: unknown): Promise<Reply> {
    return this.clients("", { method: "POST", json: body });
  }

  get(id: string): Promise<Reply> {
    return this.clients(`/${id}`);
  }

  put(id: string, body: unknown): Promise<Reply> {
    return this.clients(`/${id}`, { method: "PUT", json: body });
  }

  delete(id: string): Promise<Reply> {
    return this.clients(`/${id}`, { method: "DELETE" });
  }

  regenerate(id: string): Promise<Reply> {
    return this.clients(`/${id}/secret`, { method: "POST" });
  }

  /**
   * Creates a client and returns its id and secret once GET can read it (reads lag behind the create, as they do
   * in Genesys; the official provider retries its GET the same way). Fails unless the create answers 200.
   */
  async createOk(overrides: Record<string, unknown> = {}): Promise<{ id: string; secret: string; body: Record<string, unknown> }> {
    const reply = await this.create(clientRequest(overrides));
    if (reply.status !== 200) throw new Error(`create failed: ${reply.status} ${reply.text}`);
    await this.awaitReadable(reply.json.id);
    return { id: reply.json.id, secret: reply.json.secret, body: reply.json };
  }

  /** Polls GET until it stops answering 404 (bounded): a new client is readable only after the read lag. */
  async awaitReadable(id: string): Promise<void> {
    await pollUntil(`client ${id} readable by GET`, async () => (await this.get(id)).status !== 404);
  }

  /** Polls the list until every id is on it (bounded): the list lags behind creates, as Genesys' search index does. */
  async awaitListed(...ids: string[]): Promise<Reply> {
    let last: Reply | undefined;
    await pollUntil(`clients ${ids.join(", ")} listed`, async () => {
      last = await this.list();
      const listed = new Set((last.json?.entities ?? []).map((entity: { id: string }) => entity.id));
      return ids.every((id) => listed.has(id));
    });
    return last!;
  }
}

export async function pollUntil(what: string, done: () => Promise<boolean>, limitMs = 10_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`${what}: not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function sim(sim: SimulatorHandle, path: string, options: CallOptions = {}): Promise<Reply> {
  return call(`${sim.apiUrl}${path}`, options);
}

export async function withSimulator<T>(options: SimulatorOptions, body: (sim: SimulatorHandle, api: AdminApi) => Promise<T>): Promise<T> {
  const handle = await startSimulator({ host: "127.0.0.1", ...options });
  try {
    return await body(handle, await AdminApi.connect(handle));
  } finally {
    await handle.close();
  }
}

/** Asserts a Genesys ErrorBody with this status and code, whose contextId is the response's correlation id. */
export function assertError(reply: Reply, status: number, code: string): void {
  assert.equal(reply.status, status, reply.text);
  assert.equal(reply.json?.code, code, reply.text);
  assert.equal(reply.json.status, status);
  for (const key of ["message", "messageWithParams", "contextId"]) assert.equal(typeof reply.json[key], "string", `${key} in ${reply.text}`);
  assert.equal(typeof reply.json.messageParams, "object");
  assert.ok(Array.isArray(reply.json.details), "details[]");
  assert.ok(Array.isArray(reply.json.errors), "errors[]");
  assert.match(reply.correlationId ?? "", UUID);
  assert.equal(reply.json.contextId, reply.correlationId);
}
