// Looking at what the shim left behind, from the outside: the stored secret (read from moto directly, not through
// the counting proxy), tokens and clients in the simulator (as its seeded admin), and write counters.
import assert from "node:assert/strict";
import { ADMIN_ROLE_ID, HOME_DIVISION_ID } from "../../src/simulator/index.js";
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient, type DescribeSecretCommandOutput } from "@aws-sdk/client-secrets-manager";
import type { Services } from "./services.js";

// The AWS SDK warns once per process under Node 20 that its 2027 releases need Node 22; keep test output readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export function motoSecretsClient(services: Services): SecretsManagerClient {
  return new SecretsManagerClient({ endpoint: services.moto.url, region: "us-east-1", credentials: { accessKeyId: "testing", secretAccessKey: "testing" } });
}

export interface StoredDocument {
  format: string;
  client_id: string;
  client_secret: string;
  token_url: string;
  [key: string]: string;
}

/** The JSON document the shim stores. Keep it in memory only; never log it. */
export async function readStoredDocument(services: Services, secretId: string): Promise<StoredDocument> {
  const client = motoSecretsClient(services);
  try {
    // AWSCURRENT named explicitly: it is what Secrets Manager returns by default, but moto 5.2 answers a read without a
    // stage with the version that was current before any UpdateSecretVersionStage (its "default version").
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: "AWSCURRENT" }));
    assert.ok(SecretString, `secret ${secretId} has no SecretString`);
    const doc = JSON.parse(SecretString) as StoredDocument;
    assert.equal(typeof doc.client_id, "string", "stored document has a client_id");
    assert.equal(typeof doc.client_secret, "string", "stored document has a client_secret");
    return doc;
  } finally {
    client.destroy();
  }
}

/** DescribeSecret, or the AWS error name (e.g. "ResourceNotFoundException"). */
export async function describeSecret(services: Services, secretId: string): Promise<DescribeSecretCommandOutput | { error: string }> {
  const client = motoSecretsClient(services);
  try {
    return await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  } catch (error) {
    return { error: (error as Error).name };
  } finally {
    client.destroy();
  }
}

export function secretTags(described: DescribeSecretCommandOutput | { error: string }): Record<string, string> {
  assert.ok(!("error" in described), `DescribeSecret failed: ${"error" in described ? described.error : ""}`);
  return Object.fromEntries((described.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
}

function basic(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
}

/** POST /oauth/token with client credentials; the HTTP status only (the token is not kept). */
export async function tokenStatus(services: Services, clientId: string, clientSecret: string): Promise<number> {
  const response = await fetch(`${services.sim.loginUrl}/oauth/token`, {
    method: "POST",
    headers: { authorization: basic(clientId, clientSecret), "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  await response.arrayBuffer();
  return response.status;
}

async function adminToken(services: Services): Promise<string> {
  const { clientId, clientSecret } = services.sim.admin;
  const response = await fetch(`${services.sim.loginUrl}/oauth/token`, {
    method: "POST",
    headers: { authorization: basic(clientId, clientSecret), "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  const body = (await response.json()) as { access_token?: string };
  assert.equal(response.status, 200, "the admin client obtains a token");
  return body.access_token!;
}

export interface ApiClient {
  id: string;
  name: string;
  description?: string;
  authorizedGrantType: string;
  state?: string;
  secret?: string;
  [field: string]: unknown;
}

/** A call to the clients API as the simulator's admin: status and parsed body. */
export async function adminCall(services: Services, method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  const token = await adminToken(services);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${services.sim.apiUrl}/api/v2/oauth/clients${path}`, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : undefined };
}

/**
 * The client as the simulator holds it (GET /__sim/clients), or undefined when it does not exist. Not the API's GET:
 * that lags behind creates, as Genesys does, and a test asserts what exists. A soft-deleted client is returned,
 * with state "deleted".
 */
export async function getClient(services: Services, id: string): Promise<ApiClient | undefined> {
  return ((await services.simClients()) as ApiClient[]).find((client) => client.id === id);
}

/** Creates a client as the admin, as someone would in the Genesys UI; returns its id and secret. */
export async function createClientAsAdmin(services: Services, body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  // A client-credentials client needs a role (400 missing.client.roles): the admin role unless the body says.
  const roles =
    body.authorizedGrantType === undefined || body.authorizedGrantType === "CLIENT-CREDENTIALS"
      ? { roleDivisions: [{ roleId: ADMIN_ROLE_ID, divisionId: HOME_DIVISION_ID }] }
      : {};
  const reply = await adminCall(services, "POST", "", { authorizedGrantType: "CLIENT-CREDENTIALS", ...roles, ...body });
  assert.equal(reply.status, 200, `create: ${reply.text}`);
  return { id: reply.json.id, secret: reply.json.secret };
}

const WRITABLE = ["name", "description", "authorizedGrantType", "registeredRedirectUri", "scope", "roleDivisions", "accessTokenValiditySeconds"];

/** Drift: deletes a client behind the shim's back, as Genesys requires: PUT state inactive, then DELETE. */
export async function deleteClientAsAdmin(services: Services, id: string): Promise<void> {
  const client = await getClient(services, id);
  assert.ok(client, `client ${id} exists before the drift`);
  const request: Record<string, unknown> = { state: "inactive" };
  for (const field of WRITABLE) if (client[field] !== undefined) request[field] = client[field];
  const put = await adminCall(services, "PUT", `/${id}`, request);
  assert.equal(put.status, 200, `PUT inactive: ${put.text}`);
  const del = await adminCall(services, "DELETE", `/${id}`);
  assert.ok(del.status >= 200 && del.status < 300, `DELETE: ${del.status} ${del.text}`);
}

/** Write counts so far: simulator /api/v2 writes and Secrets Manager write operations through the proxy. */
export async function writeCounts(services: Services): Promise<{ genesys: number; secretsManager: number }> {
  return { genesys: await services.simWriteCount(), secretsManager: services.proxy.writeCount() };
}

/** DescribeSecret of a secret that must exist. */
export async function describeExisting(services: Services, secretId: string): Promise<DescribeSecretCommandOutput> {
  const described = await describeSecret(services, secretId);
  assert.ok(!("error" in described), `DescribeSecret ${secretId}: ${"error" in described ? described.error : ""}`);
  return described;
}
