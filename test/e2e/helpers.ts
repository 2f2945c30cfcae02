// Shared by the end-to-end tests: terraform/examples/local in a throw-away workspace, run by real Terraform with
// the real hashicorp/external provider, against the simulator and moto (test/support/services.ts).
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { GetSecretValueCommand, DescribeSecretCommand, SecretsManagerClient, type DescribeSecretCommandOutput } from "@aws-sdk/client-secrets-manager";
import type { Services } from "../support/services.js";
import { createTerraformWorkspace, type TerraformRunOptions, type TerraformRunResult, type TerraformWorkspace } from "../support/terraform.js";
import { repoRoot } from "../support/toolchain.js";

// The AWS SDK warns once per process under Node 20 that its 2027 releases need Node 22; keep test output readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const SHIM_BUNDLE = join(repoRoot, "dist", "genesys-oauth-shim.mjs");
export const LOCAL_EXAMPLE = join(repoRoot, "terraform", "examples", "local");
export const MODULE_DIR = join(repoRoot, "terraform", "modules", "oauth-client");

/** Every run's output, in order, so tests can scan all of it (the leak canary) and show it on failure. */
export interface RecordedRun extends TerraformRunResult {
  args: readonly string[];
}

export interface ExampleWorkspace {
  ws: TerraformWorkspace;
  /** The workspace's temp root: work dir, HOME, TF_DATA_DIR, CLI config (and whatever a test adds). */
  root: string;
  runs: RecordedRun[];
  tf(args: readonly string[], options?: TerraformRunOptions): Promise<TerraformRunResult>;
  outputs(): Promise<Record<string, string>>;
}

/**
 * A copy of terraform/examples/local whose module sources point back at terraform/modules/oauth-client (the copy
 * lives elsewhere, so the example's relative "../../modules/oauth-client" is rewritten), run with services.shimEnv().
 */
export function localExampleWorkspace(services: Services): ExampleWorkspace {
  const ws = createTerraformWorkspace({ copyFrom: LOCAL_EXAMPLE, env: services.shimEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }) });
  const main = readFileSync(join(ws.dir, "main.tf"), "utf8");
  const source = relative(ws.dir, MODULE_DIR);
  const rewritten = main.replaceAll('"../../modules/oauth-client"', JSON.stringify(source));
  assert.notEqual(rewritten, main, "examples/local/main.tf should use ../../modules/oauth-client");
  ws.writeFile("main.tf", rewritten);

  const runs: RecordedRun[] = [];
  const tf = async (args: readonly string[], options: TerraformRunOptions = {}): Promise<TerraformRunResult> => {
    const result = await ws.run(args, { ...options, allowFailure: true });
    runs.push({ args, ...result });
    if (result.code !== 0 && !options.allowFailure) {
      throw new Error(`terraform ${args.join(" ")} exited ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`);
    }
    return result;
  };
  return {
    ws,
    root: dirname(ws.dir),
    runs,
    tf,
    async outputs() {
      const { stdout } = await tf(["output", "-json"]);
      const parsed = JSON.parse(stdout) as Record<string, { value: unknown; sensitive: boolean }>;
      return Object.fromEntries(Object.entries(parsed).map(([name, o]) => [name, String(o.value)]));
    },
  };
}

/** -var arguments from a map. */
export function vars(values: Record<string, string | number>): string[] {
  return Object.entries(values).flatMap(([name, value]) => ["-var", `${name}=${value}`]);
}

// --- AWS Secrets Manager, read directly from moto (not through the counting proxy) ----------------------------

function secretsClient(services: Services): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint: services.moto.url,
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
}

export interface StoredDocument {
  client_id: string;
  client_secret: string;
  token_url?: string;
}

/** The JSON document the shim stores. Keep it in memory only; never log it. */
export async function readStoredDocument(services: Services, secretId: string): Promise<StoredDocument> {
  const client = secretsClient(services);
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
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
  const client = secretsClient(services);
  try {
    return await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  } catch (error) {
    return { error: (error as Error).name };
  } finally {
    client.destroy();
  }
}

// --- Genesys simulator -------------------------------------------------------------------------------------------

/** POST /oauth/token with client credentials; the HTTP status only (the token is not kept). */
export async function tokenStatus(services: Services, clientId: string, clientSecret: string): Promise<number> {
  const response = await fetch(`${services.sim.loginUrl}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  await response.arrayBuffer();
  return response.status;
}

async function adminToken(services: Services): Promise<string> {
  const { clientId, clientSecret } = services.sim.admin;
  const response = await fetch(`${services.sim.loginUrl}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
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
  [field: string]: unknown;
}

/** GET /api/v2/oauth/clients/{id} as the admin: the client, or undefined on 404. */
export async function getClient(services: Services, id: string): Promise<ApiClient | undefined> {
  const token = await adminToken(services);
  const response = await fetch(`${services.sim.apiUrl}/api/v2/oauth/clients/${id}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status === 404) {
    await response.arrayBuffer();
    return undefined;
  }
  assert.equal(response.status, 200, `GET client ${id}`);
  return (await response.json()) as ApiClient;
}

/** Deletes a client behind Terraform's back, as Genesys requires: PUT state inactive, then DELETE. */
export async function deleteClientAsAdmin(services: Services, id: string): Promise<void> {
  const token = await adminToken(services);
  const client = await getClient(services, id);
  assert.ok(client, `client ${id} exists before the drift`);
  const request: Record<string, unknown> = { state: "inactive" };
  for (const field of ["name", "description", "authorizedGrantType", "registeredRedirectUri", "scope", "roleDivisions", "accessTokenValiditySeconds"]) {
    if (client[field] !== undefined) request[field] = field === "roleDivisions" ? (client.roleDivisions as { roleId: string; divisionId: string }[]).map(({ roleId, divisionId }) => ({ roleId, divisionId })) : client[field];
  }
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const put = await fetch(`${services.sim.apiUrl}/api/v2/oauth/clients/${id}`, { method: "PUT", headers, body: JSON.stringify(request) });
  assert.equal(put.status, 200, `PUT inactive: ${await put.text()}`);
  const del = await fetch(`${services.sim.apiUrl}/api/v2/oauth/clients/${id}`, { method: "DELETE", headers });
  assert.ok(del.status >= 200 && del.status < 300, `DELETE: ${del.status} ${await del.text()}`);
}

/** Write counts so far: simulator /api/v2 writes and Secrets Manager write operations through the proxy. */
export async function writeCounts(services: Services): Promise<{ genesys: number; secretsManager: number }> {
  return { genesys: await services.simWriteCount(), secretsManager: services.proxy.writeCount() };
}

// --- Leak scanning ------------------------------------------------------------------------------------------------

export interface Hit {
  where: string;
  line: number;
}

/** Lines of `text` that contain `needle` (needle itself is never reported). */
export function findInText(where: string, text: string, needle: string): Hit[] {
  const hits: Hit[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.includes(needle)) hits.push({ where, line: index + 1 });
  });
  return hits;
}

/** Every regular file under dir, recursively (symlinks followed; directories entered once). */
export function filesUnder(dir: string): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const walk = (d: string): void => {
    const key = statSync(d).ino + ":" + statSync(d).dev;
    if (seen.has(key)) return;
    seen.add(key);
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(path);
      else if (stat?.isFile()) files.push(path);
    }
  };
  walk(dir);
  return files;
}

/** Scans every file under dir (as latin1, so binaries are scanned byte for byte). */
export function scanDirectory(dir: string, needle: string): { files: number; hits: Hit[] } {
  const files = filesUnder(dir);
  const hits = files.flatMap((file) => findInText(relative(dir, file), readFileSync(file, "latin1"), needle));
  return { files: files.length, hits };
}
