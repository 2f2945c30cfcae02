// THE invariant every adversarial test checks, in one place:
//   1. one client per claim: at most one Genesys client carries a given claim marker, and a secret that records a
//      client (or holds a value) has exactly one;
//   2. the stored secret is the client's LATEST: AWSCURRENT names the recorded client, and the simulator accepts its
//      secret (a CLIENT-CREDENTIALS client gets a token; a client of another grant is refused for its grant type,
//      400, not for its secret, 401: the simulator checks the secret first, so only the latest secret gets a 400);
//   3. no orphan from our creates: every client carrying a marker (of the names under test) belongs to a live
//      secret's claim, unless the test expects the secret gone (then no marked client of those names may remain);
//   4. no client secret in any run's stdout or stderr (every simulator secret starts with the canary);
//   5. nothing foreign deleted: every secret the test expects to survive exists (with 1 and 3, a secret deleted while
//      it belonged to another client leaves that client an orphan, which 3 reports).
import assert from "node:assert/strict";
import { ListSecretsCommand } from "@aws-sdk/client-secrets-manager";
import { CANARY } from "../shim/helpers.js";
import { describeSecret, motoSecretsClient, readStoredDocument, tokenStatus, type ApiClient } from "./inspect.js";
import type { Services } from "./services.js";

const MARKER = /managed by genesys-oauth-shim; claim ([0-9a-f]{16})$/;

export interface InvariantScope {
  /** Client names (the query's `name`) this test created clients under. */
  clientNames: readonly string[];
  /** Secret names the test manages; `expectGone` lists those a delete should have removed. */
  secretNames: readonly string[];
  expectGone?: readonly string[];
  /** Every shim run of the test, for the leak check. */
  runs: ReadonlyArray<{ stdout: string; stderr: string }>;
  /** Grant of the clients (default CLIENT-CREDENTIALS). */
  grant?: string;
  /** A killed run's write lease may still be on the secret (it expires; the next run after that clears it). */
  allowKilledRunLease?: boolean;
}

/** Live clients: a soft-deleted one (state "deleted") is gone for every purpose. */
async function allClients(services: Services): Promise<ApiClient[]> {
  return ((await services.simClients()) as ApiClient[]).filter((client) => client.state !== "deleted");
}

async function liveClaims(services: Services): Promise<Map<string, string>> {
  const client = motoSecretsClient(services);
  const claims = new Map<string, string>();
  try {
    let token: string | undefined;
    do {
      const page = await client.send(new ListSecretsCommand({ NextToken: token, IncludePlannedDeletion: false }));
      for (const secret of page.SecretList ?? []) {
        if (secret.DeletedDate) continue;
        const claim = secret.Tags?.find((t) => t.Key === "genesys-oauth-shim:claim")?.Value;
        if (claim) claims.set(claim, secret.Name ?? "");
      }
      token = page.NextToken;
    } while (token);
  } finally {
    client.destroy();
  }
  return claims;
}

export async function assertInvariant(services: Services, scope: InvariantScope): Promise<void> {
  for (const [index, run] of scope.runs.entries()) {
    assert.ok(!run.stdout.includes(CANARY), `run ${index + 1}: a client secret reached stdout`);
    assert.ok(!run.stderr.includes(CANARY), `run ${index + 1}: a client secret reached stderr`);
  }
  const claims = await liveClaims(services);
  const ours = (await allClients(services)).filter((c) => scope.clientNames.includes(c.name) && MARKER.test(c.description ?? ""));
  const byClaim = new Map<string, ApiClient[]>();
  for (const client of ours) {
    const claim = MARKER.exec(client.description ?? "")![1]!;
    byClaim.set(claim, [...(byClaim.get(claim) ?? []), client]);
  }
  for (const [claim, clients] of byClaim) {
    assert.equal(clients.length, 1, `claim ${claim} is carried by ${clients.length} clients (${clients.map((c) => c.id).join(", ")})`);
    assert.ok(
      claims.has(claim),
      `client ${clients[0]!.id} ("${clients[0]!.name}", ${clients[0]!.state}) is an orphan: no live secret holds its claim ${claim}`,
    );
  }
  for (const name of scope.secretNames) {
    const described = await describeSecret(services, name);
    const gone = "error" in described || described.DeletedDate !== undefined;
    if (scope.expectGone?.includes(name)) {
      assert.ok(gone, `secret ${name} should have been deleted`);
      continue;
    }
    assert.ok(!gone, `secret ${name} is missing`);
    if ("error" in described) continue;
    const tags = Object.fromEntries((described.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
    const claim = tags["genesys-oauth-shim:claim"]!;
    const marked = byClaim.get(claim) ?? [];
    assert.equal(marked.length, 1, `secret ${name}: exactly one client carries its claim`);
    assert.equal(tags["genesys-oauth-shim:client-id"], marked[0]!.id, `secret ${name} records the client that carries its claim`);
    if (!scope.allowKilledRunLease) assert.equal(tags["genesys-oauth-shim:lease"], undefined, `secret ${name}: no write lease left behind by a finished run`);
    const hasCurrent = Object.values(described.VersionIdsToStages ?? {}).some((stages) => stages.includes("AWSCURRENT"));
    assert.ok(hasCurrent, `secret ${name} has a value`);
    const doc = await readStoredDocument(services, name);
    assert.equal(doc.client_id, marked[0]!.id, `secret ${name}: the stored document names the client`);
    const latest = (scope.grant ?? "CLIENT-CREDENTIALS") === "CLIENT-CREDENTIALS" ? 200 : 400;
    assert.equal(
      await tokenStatus(services, doc.client_id, doc.client_secret),
      latest,
      `secret ${name}: the stored secret is the client's latest (token endpoint status)`,
    );
  }
}
