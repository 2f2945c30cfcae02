// Every ensure step's check() and the step order, in process, with fakes for the Genesys session and the secrets
// store: a newcomer can change a step and know in a second which situations make it act. (What the steps DO against
// real services is the shim, adversarial and e2e suites' job.)
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseQuery } from "../../src/external/query.js";
import type { GenesysSession } from "../../src/genesys/session.js";
import type { OAuthClient } from "../../src/genesys/types.js";
import { createEnsureContext, type EnsureContext } from "../../src/reconcile/context.js";
import { desiredClient } from "../../src/reconcile/desired.js";
import { ENSURE_STEPS } from "../../src/reconcile/ensure.js";
import { rotationDigest, TAG_CLAIM, TAG_CLIENT_ID, TAG_LEASE, TAG_MANAGED, TAG_ROTATION, TAG_STANDBY_CLIENT_ID } from "../../src/reconcile/tags.js";
import type { SecretInfo, SecretsStore } from "../../src/secrets/store.js";

const CLAIM = "0123456789abcdef";
const CLIENT_ID = "00000000-0000-4000-8000-0000000000c1";
const STANDBY_ID = "00000000-0000-4000-8000-0000000000c2";
const ROLE = { role_id: "00000000-0000-4000-8000-0000000000a2", division_id: "*" };

function request(overrides: Record<string, string> = {}) {
  return parseQuery({ name: "app", secret_name: "genesys/app", role_divisions: JSON.stringify([ROLE]), ...overrides }, {});
}

function secret(overrides: Partial<SecretInfo> = {}, tags: Record<string, string> = {}): SecretInfo {
  return {
    arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:genesys/app-AbCdEf",
    name: "genesys/app",
    tags: { [TAG_MANAGED]: "true", [TAG_CLAIM]: CLAIM, [TAG_CLIENT_ID]: CLIENT_ID, [TAG_ROTATION]: rotationDigest(""), ...tags },
    currentVersionId: "v1",
    deletedDate: undefined,
    createdDate: undefined,
    kmsKeyId: undefined,
    ...overrides,
  };
}

/** The client exactly as the request wants it. */
function client(overrides: Partial<OAuthClient> = {}, req = request()): OAuthClient {
  return { id: CLIENT_ID, ...desiredClient(req, CLAIM), ...overrides };
}

/** rotation_strategy "alternating": the second client, in slot "b", exactly as the request wants it. */
function standby(overrides: Partial<OAuthClient> = {}, req = alternating()): OAuthClient {
  return { id: STANDBY_ID, ...desiredClient(req, CLAIM, "b"), ...overrides };
}
const alternating = (overrides: Record<string, string> = {}) => request({ rotation_strategy: "alternating", ...overrides });
const pairRecorded = { [TAG_STANDBY_CLIENT_ID]: STANDBY_ID };

/** A store whose reads answer from `value` and whose writes fail the test: a check() must never write. */
function fakeStore(value?: object): SecretsStore {
  const refuse = () => assert.fail("a check() wrote to Secrets Manager");
  return {
    readValue: async () => (value ? JSON.stringify(value) : undefined),
    describe: async () => assert.fail("a check() described the secret"),
    putPending: refuse,
    promote: refuse,
    tag: refuse,
    untag: refuse,
    delete: refuse,
  } as unknown as SecretsStore;
}
/** The document the store step writes, as far as the checks read it. */
function stored(trigger: string): object {
  return { format: "genesys-oauth-shim/v1", client_id: CLIENT_ID, client_secret: "s", rotation_trigger_sha256: rotationDigest(trigger) };
}
const noGenesys = new Proxy({}, { get: () => assert.fail("a check() called Genesys") }) as GenesysSession;

interface Situation {
  req?: ReturnType<typeof request>;
  secret?: SecretInfo;
  client?: OAuthClient;
  stored?: object;
  context?: Partial<EnsureContext>;
}

async function stepsThatAct(situation: Situation): Promise<string[]> {
  const ctx = createEnsureContext(situation.req ?? request(), noGenesys, fakeStore(situation.stored));
  Object.assign(ctx, { secret: situation.secret, client: situation.client, ...situation.context });
  const acting: string[] = [];
  for (const step of ENSURE_STEPS) if (await step.check(ctx)) acting.push(step.name);
  return acting;
}

describe("ensure steps", () => {
  it("run in this order", () => {
    assert.deepEqual(
      ENSURE_STEPS.map((s) => s.name),
      [
        "restore secret",
        "claim secret name",
        "adopt existing OAuth client",
        "take write lease",
        "delete standby OAuth client",
        "create OAuth client",
        "create standby OAuth client",
        "update OAuth client",
        "update standby OAuth client",
        "switch to standby client",
        "set secret KMS key",
        "regenerate client secret",
        "store client secret",
        "test client secret",
        "remove AWSPREVIOUS label",
        "tag secret",
      ],
    );
  });

  const CASES: Array<[string, Situation, string[]]> = [
    ["nothing exists yet: claim the name, create the client", {}, ["claim secret name", "create OAuth client"]],
    ["everything as wanted: nothing acts", { secret: secret(), client: client() }, []],
    ["the client is gone (drift): lease, create", { secret: secret() }, ["take write lease", "create OAuth client"]],
    [
      "a claimed name without a client or value: lease, create",
      { secret: secret({ currentVersionId: undefined }, { [TAG_CLIENT_ID]: "" }) },
      ["take write lease", "create OAuth client"],
    ],
    ["the secret is scheduled for deletion: restore it first", { secret: secret({ deletedDate: new Date() }), client: client() }, ["restore secret"]],
    ["the description changed: update only", { req: request({ description: "new" }), secret: secret(), client: client() }, ["update OAuth client"]],
    [
      "the rotation trigger changed: lease, regenerate (then store and test), tag",
      { req: request({ rotation_trigger: "r2" }), secret: secret(), client: client({}, request({ rotation_trigger: "r2" })), stored: stored("") },
      ["take write lease", "regenerate client secret", "tag secret"],
    ],
    [
      "the value was stored but the run died before tagging: tag only",
      { req: request({ rotation_trigger: "r2" }), secret: secret(), client: client({}, request({ rotation_trigger: "r2" })), stored: stored("r2") },
      ["tag secret"],
    ],
    [
      "the secret has no value: lease, regenerate",
      { secret: secret({ currentVersionId: undefined }), client: client() },
      ["take write lease", "regenerate client secret"],
    ],
    ["a KMS key was asked for: re-encrypt only", { req: request({ kms_key_id: "alias/k" }), secret: secret(), client: client() }, ["set secret KMS key"]],
    ["a user tag changed: tag only", { req: request({ secret_tags: JSON.stringify({ team: "a" }) }), secret: secret(), client: client() }, ["tag secret"]],
    ["another run holds the write lease: wait for it", { secret: secret({}, { [TAG_LEASE]: "fedcba9876543210:7" }), client: client() }, ["take write lease"]],
    [
      "read-only (the plan's status): another run's lease still counts (it may have been killed mid-write)",
      { req: request({ read_only: "true" }), secret: secret({}, { [TAG_LEASE]: "fedcba9876543210:r" }), client: client() },
      ["take write lease"],
    ],
    [
      "a secret is held in memory under the lease: store it; tag (the lease ends there)",
      { secret: secret(), client: client(), context: { pendingClientSecret: "s", lease: {} as never } },
      ["store client secret", "tag secret"],
    ],
    [
      "this run stored a value: test it, then tag",
      { secret: secret(), client: client(), context: { storedThisRun: true, lease: {} as never } },
      ["test client secret", "tag secret"],
    ],
    [
      "alternating, both clients as wanted: nothing acts",
      { req: alternating(), secret: secret({}, pairRecorded), client: client(), context: { standby: standby() } },
      [],
    ],
    [
      "alternating without a standby (switched from in_place): lease, create the standby (which the tag step then records)",
      { req: alternating(), secret: secret(), client: client() },
      ["take write lease", "create standby OAuth client"],
    ],
    [
      "alternating, the standby's name drifted: update the standby only",
      { req: alternating(), secret: secret({}, pairRecorded), client: client(), context: { standby: standby({ name: "renamed" }) } },
      ["update standby OAuth client"],
    ],
    [
      "alternating, the rotation trigger changed: lease, switch to the standby, regenerate (its secret), tag",
      {
        req: alternating({ rotation_trigger: "r2" }),
        secret: secret({}, pairRecorded),
        client: client(),
        context: { standby: standby({}, alternating({ rotation_trigger: "r2" })) },
        stored: stored(""),
      },
      ["take write lease", "switch to standby client", "regenerate client secret", "tag secret"],
    ],
    [
      "in_place with the standby alternating kept: lease, delete the standby, tag (forget it)",
      { secret: secret({}, pairRecorded), client: client() },
      ["take write lease", "delete standby OAuth client", "tag secret"],
    ],
  ];
  for (const [title, situation, expected] of CASES) {
    it(title, async () => assert.deepEqual(await stepsThatAct(situation), expected));
  }
});
