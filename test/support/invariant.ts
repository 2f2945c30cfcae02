// THE invariant every adversarial test checks, in one place:
//   1. one client per claim and slot: at most one live Genesys client carries a given claim marker in each slot
//      (slot "a": the marker as in_place writes it; slot "b": the marker ending "; slot b"). A secret under
//      rotation_strategy "in_place" that records a client (or holds a value) has exactly one marked client; one under
//      "alternating" (its tags record a standby-client-id, or the scope says so) has exactly two, one per slot, and
//      records both (client-id and standby-client-id);
//   2. the stored secret is the client's LATEST: AWSCURRENT names the recorded client-id, and the simulator accepts its
//      secret (a CLIENT-CREDENTIALS client gets a token; a client of another grant is refused for its grant type,
//      400, not for its secret, 401: the simulator checks the secret first, so only the latest secret gets a 400);
//   3. AWSPREVIOUS never labels credentials that no longer work: under "in_place" no version carries it (a regenerate
//      ends the old secret at once); under "alternating" a labelled AWSPREVIOUS names the standby client and its
//      secret works as AWSCURRENT's does (a run killed mid-rotation may leave it unlabelled, never dead);
//   4. no orphan from our creates: every client carrying a marker (of the names under test, either slot) belongs to
//      a live secret's claim, unless the test expects the secret gone (then no marked client of those names remains);
//   5. no client secret in any run's stdout or stderr (every simulator secret starts with the canary);
//   6. nothing foreign deleted: every secret the test expects to survive exists (with 1 and 4, a secret deleted while
//      it belonged to another client leaves that client an orphan, which 4 reports).
import assert from "node:assert/strict";
import { GetSecretValueCommand, ListSecretsCommand } from "@aws-sdk/client-secrets-manager";
import { CANARY } from "../shim/helpers.js";
import { describeSecret, motoSecretsClient, readStoredDocument, tokenStatus, type ApiClient, type StoredDocument } from "./inspect.js";
import type { Services } from "./services.js";

const MARKER = /managed by genesys-oauth-shim; claim ([0-9a-f]{16})(?:; slot (b))?$/;
const TAG = {
  claim: "genesys-oauth-shim:claim",
  clientId: "genesys-oauth-shim:client-id",
  standbyId: "genesys-oauth-shim:standby-client-id",
  lease: "genesys-oauth-shim:lease",
};

export type Strategy = "in_place" | "alternating";

export interface InvariantScope {
  /** Client names (the query's `name`) this test created clients under ("<name> (b)" is included for each). */
  clientNames: readonly string[];
  /** Secret names the test manages; `expectGone` lists those a delete should have removed. */
  secretNames: readonly string[];
  expectGone?: readonly string[];
  /**
   * The rotation_strategy each secret's last (clean) run asked for. Unlisted: "alternating" when the secret's tags
   * record a standby client, else "in_place". Listed: the tags must agree.
   */
  strategies?: Readonly<Record<string, Strategy>>;
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
        const claim = secret.Tags?.find((t) => t.Key === TAG.claim)?.Value;
        if (claim) claims.set(claim, secret.Name ?? "");
      }
      token = page.NextToken;
    } while (token);
  } finally {
    client.destroy();
  }
  return claims;
}

/** The document a stage labels, or undefined when no version carries that label. */
async function readStage(services: Services, secretId: string, stage: "AWSPREVIOUS"): Promise<StoredDocument | undefined> {
  const client = motoSecretsClient(services);
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
    return JSON.parse(SecretString!) as StoredDocument;
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") return undefined;
    throw error;
  } finally {
    client.destroy();
  }
}

interface Marked {
  client: ApiClient;
  claim: string;
  slot: "a" | "b";
}

function marking(client: ApiClient): Marked | undefined {
  const match = MARKER.exec(client.description ?? "");
  return match ? { client, claim: match[1]!, slot: match[2] === "b" ? "b" : "a" } : undefined;
}

const describeClients = (marked: readonly Marked[]) => marked.map((m) => `${m.client.id} "${m.client.name}" slot ${m.slot}`).join(", ");

export async function assertInvariant(services: Services, scope: InvariantScope): Promise<void> {
  for (const [index, run] of scope.runs.entries()) {
    assert.ok(!run.stdout.includes(CANARY), `run ${index + 1}: a client secret reached stdout`);
    assert.ok(!run.stderr.includes(CANARY), `run ${index + 1}: a client secret reached stderr`);
  }
  const claims = await liveClaims(services);
  const described = new Map(await Promise.all(scope.secretNames.map(async (name) => [name, await describeSecret(services, name)] as const)));
  const scopeClaims = new Set<string>();
  for (const secret of described.values()) {
    const claim = "error" in secret ? undefined : secret.Tags?.find((t) => t.Key === TAG.claim)?.Value;
    if (claim) scopeClaims.add(claim);
  }
  const names = new Set(scope.clientNames.flatMap((name) => [name, `${name} (b)`]));
  // A marked client is the test's when it has one of its names, or carries the claim of one of its secrets (a client
  // renamed by drift, or named wrongly by a bug, still counts).
  const ours = (await allClients(services)).map(marking).filter((m): m is Marked => m !== undefined && (names.has(m.client.name) || scopeClaims.has(m.claim)));
  const byClaim = new Map<string, Marked[]>();
  for (const marked of ours) byClaim.set(marked.claim, [...(byClaim.get(marked.claim) ?? []), marked]);
  for (const [claim, marked] of byClaim) {
    for (const slot of ["a", "b"] as const) {
      const inSlot = marked.filter((m) => m.slot === slot);
      assert.ok(inSlot.length <= 1, `claim ${claim} slot ${slot} is carried by ${inSlot.length} clients (${describeClients(inSlot)})`);
    }
    assert.ok(claims.has(claim), `client(s) ${describeClients(marked)} are orphans: no live secret holds their claim ${claim}`);
  }
  for (const name of scope.secretNames) {
    const secret = described.get(name)!;
    const gone = "error" in secret || secret.DeletedDate !== undefined;
    if (scope.expectGone?.includes(name)) {
      assert.ok(gone, `secret ${name} should have been deleted`);
      continue;
    }
    assert.ok(!gone, `secret ${name} is missing`);
    if ("error" in secret) continue;
    const tags = Object.fromEntries((secret.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
    const marked = byClaim.get(tags[TAG.claim]!) ?? [];
    const expected = scope.strategies?.[name];
    const alternating = expected ? expected === "alternating" : tags[TAG.standbyId] !== undefined;
    if (alternating) {
      assert.ok(tags[TAG.standbyId], `secret ${name} (alternating) records its standby client`);
      assert.equal(marked.length, 2, `secret ${name} (alternating): exactly two clients carry its claim (${describeClients(marked)})`);
      assert.deepEqual(
        new Set(marked.map((m) => m.client.id)),
        new Set([tags[TAG.clientId], tags[TAG.standbyId]]),
        `secret ${name} (alternating) records both clients that carry its claim (client-id ${tags[TAG.clientId]}, standby-client-id ${tags[TAG.standbyId]}; marked: ${describeClients(marked)})`,
      );
    } else {
      assert.equal(tags[TAG.standbyId], undefined, `secret ${name} (in_place) records no standby client`);
      assert.equal(marked.length, 1, `secret ${name}: exactly one client carries its claim (${describeClients(marked)})`);
      assert.equal(tags[TAG.clientId], marked[0]!.client.id, `secret ${name} records the client that carries its claim`);
    }
    if (!scope.allowKilledRunLease) assert.equal(tags[TAG.lease], undefined, `secret ${name}: no write lease left behind by a finished run`);
    const stages = Object.values(secret.VersionIdsToStages ?? {});
    assert.ok(
      stages.some((s) => s.includes("AWSCURRENT")),
      `secret ${name} has a value`,
    );
    const doc = await readStoredDocument(services, name);
    assert.equal(doc.client_id, tags[TAG.clientId], `secret ${name}: the stored document names the recorded client`);
    const latest = (scope.grant ?? "CLIENT-CREDENTIALS") === "CLIENT-CREDENTIALS" ? 200 : 400;
    assert.equal(
      await tokenStatus(services, doc.client_id, doc.client_secret),
      latest,
      `secret ${name}: the stored secret is the client's latest (token endpoint status)`,
    );
    const previous = await readStage(services, name, "AWSPREVIOUS");
    if (!alternating) {
      // Only the client id goes into the message: the document holds a client secret.
      assert.equal(
        previous?.client_id,
        undefined,
        `secret ${name} (in_place): no version is labelled AWSPREVIOUS (a regenerate ended the old secret); it labels credentials of client ${previous?.client_id}`,
      );
    } else if (previous) {
      assert.equal(previous.client_id, tags[TAG.standbyId], `secret ${name} (alternating): AWSPREVIOUS names the standby client`);
      assert.equal(
        await tokenStatus(services, previous.client_id, previous.client_secret),
        latest,
        `secret ${name} (alternating): the credentials AWSPREVIOUS labels still work`,
      );
    }
  }
}
