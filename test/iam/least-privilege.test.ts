// The module's shim_iam_policy_json, proven under enforcement: moto started with INITIAL_NO_AUTH_ACTION_COUNT checks
// every Secrets Manager call signed by an IAM user against that user's policies. The policy comes from real Terraform
// (the module's own output); the shim is the bundle, run as Terraform runs it. Under exactly the generated actions the
// whole lifecycle passes and calls every one of them; with any one removed, the step that needs it fails and says
// which action is missing and which policy to attach. The same on the Genesys side with the simulator's
// single-permission roles.
//
// moto 5.2.1 authorizes Secrets Manager calls against the resource "*" only (its Secrets Manager handler names no
// resource), so a statement scoped to an ARN never matches there. The moto users therefore get the generated actions
// on "*", and the scoping is proven separately: the generated ARN patterns, matched with IAM's wildcard rules, cover
// every ARN the lifecycle produced and no sibling secret.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHIM_SECRETS_MANAGER_ACTIONS, GENESYS_PERMISSIONS } from "../../src/core/permissions.js";
import { EMPLOYEE_ROLE_ID, HOME_DIVISION_ID, SINGLE_PERMISSION_ROLE_IDS, startSimulator, type SimulatorHandle } from "../../src/simulator/index.js";
import { startSecretsManagerProxy, type SecretsManagerProxy } from "../support/aws-proxy.js";
import { minimalEnv } from "../support/env.js";
import { CALLS_PER_USER, createIamUsers, type AwsKeys } from "../support/moto-iam.js";
import { startMoto, type MotoHandle } from "../support/moto.js";
import { runShim, runShimExternal } from "../support/shim.js";
import type { ProcessResult } from "../support/processes.js";
import { createTerraformWorkspace } from "../support/terraform.js";
import { MODULE_DIR } from "../e2e/helpers.js";
import { assertBundleBuilt } from "../shim/helpers.js";

interface Statement {
  Sid: string;
  Effect: string;
  Action: string[];
  Resource: string | string[];
  Condition?: unknown;
}
interface Policy {
  Version: string;
  Statement: Statement[];
}

const SECRET_NAME = "genesys/iam-proof";
const ACTIONS = SHIM_SECRETS_MANAGER_ACTIONS.map((a) => a.name);

let sim: SimulatorHandle;
let moto: MotoHandle;
let proxy: SecretsManagerProxy;
let home: string;
let policies: { plain: Policy; keyArn: Policy; alias: Policy };
const users: Record<string, AwsKeys> = {};
let genesysAdmin: { clientId: string; clientSecret: string };

/** The module's policy outputs, from `terraform plan` (its status read only reads, as the admin user). */
async function policiesFromTerraform(): Promise<typeof policies> {
  const ws = createTerraformWorkspace({ env: shimEnv(users.admin!) });
  const source = relative(ws.dir, MODULE_DIR);
  const module = (label: string, extra: string) => `
module "${label}" {
  source      = "${source}"
  name        = "iam-proof"
  secret_name = "${SECRET_NAME}"
  aws_region  = "us-east-1"
  role_divisions = [{ role_id = "${EMPLOYEE_ROLE_ID}", division_id = "${HOME_DIVISION_ID}" }]
  ${extra}
}
output "${label}" { value = module.${label}.shim_iam_policy_json }`;
  ws.writeFile(
    "main.tf",
    [
      module("plain", ""),
      module("key_arn", `kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"`),
      module("alias", `kms_key_id = "alias/genesys"`),
    ].join("\n"),
  );
  try {
    await ws.run(["init", "-input=false", "-no-color"]);
    await ws.run(["plan", "-input=false", "-no-color", "-out=plan.bin"]);
    const { stdout } = await ws.run(["show", "-json", "plan.bin"]);
    const outputs = (JSON.parse(stdout) as { planned_values: { outputs: Record<string, { value?: string }> } }).planned_values.outputs;
    const parse = (name: string): Policy => {
      const value = outputs[name]?.value;
      assert.ok(typeof value === "string", `output ${name} is known at plan time (got ${JSON.stringify(outputs[name])})`);
      return JSON.parse(value) as Policy;
    };
    return { plain: parse("plain"), keyArn: parse("key_arn"), alias: parse("alias") };
  } finally {
    ws.cleanup();
  }
}

/** IAM's wildcards: * any run of characters, ? exactly one. */
function iamMatches(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`).test(value);
}

/** The generated statements with the Secrets Manager actions minus `without`, on "*" (moto matches resource "*" only). */
function motoPolicy(without?: string): string {
  const statement = policies.plain.Statement.find((s) => s.Sid === "GenesysOAuthShimSecret")!;
  return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: statement.Action.filter((a) => a !== without), Resource: "*" }] });
}

function shimEnv(aws: AwsKeys, genesys: { clientId: string; clientSecret: string } = genesysAdmin): NodeJS.ProcessEnv {
  return minimalEnv({
    HOME: home,
    GENESYS_OAUTH_SHIM_API_BASE_URL: sim.apiUrl,
    GENESYS_OAUTH_SHIM_LOGIN_BASE_URL: sim.loginUrl,
    GENESYSCLOUD_OAUTHCLIENT_ID: genesys.clientId,
    GENESYSCLOUD_OAUTHCLIENT_SECRET: genesys.clientSecret,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: proxy.url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: aws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: aws.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(home, "aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "aws-credentials"),
  });
}

// A client-credentials client needs a role, one the calling client holds itself: the Employee role (no oauth
// permission), which the seeded admin and every identity below hold.
const EMPLOYEE_ROLE = { role_id: EMPLOYEE_ROLE_ID, division_id: HOME_DIVISION_ID };
const query = (secretName: string, extra: Record<string, string> = {}) => ({
  name: `iam ${secretName}`,
  secret_name: secretName,
  role_divisions: JSON.stringify([EMPLOYEE_ROLE]),
  ...extra,
});

async function ensure(user: string, secretName: string, extra: Record<string, string> = {}, genesys?: { clientId: string; clientSecret: string }) {
  return runShimExternal("external", query(secretName, extra), { env: shimEnv(users[user]!, genesys) });
}

async function ensureOk(
  user: string,
  secretName: string,
  extra: Record<string, string> = {},
  genesys?: { clientId: string; clientSecret: string },
): Promise<Record<string, string>> {
  const run = await ensure(user, secretName, extra, genesys);
  assert.equal(run.code, 0, `ensure ${secretName} as ${user} failed:\n${run.stderr}`);
  return run.result!;
}

function runDelete(user: string, input: Record<string, string>, genesys?: { clientId: string; clientSecret: string }): Promise<ProcessResult> {
  return runShim("delete", JSON.stringify(input), { env: shimEnv(users[user]!, genesys) });
}

async function simApi(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const token = await fetch(`${sim.loginUrl}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${genesysAdmin.clientId}:${genesysAdmin.clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  const response = await fetch(`${sim.apiUrl}/api/v2/oauth/clients${path}`, {
    method,
    headers: { authorization: `Bearer ${token.access_token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** Drift: the client is deleted behind the shim's back (inactive first, as Genesys requires). */
async function deleteClientBehindTheShimsBack(id: string): Promise<void> {
  const client = (await simApi("GET", `/${id}`)).json;
  const put = {
    name: client.name,
    description: client.description,
    authorizedGrantType: client.authorizedGrantType,
    roleDivisions: client.roleDivisions,
    state: "inactive",
  };
  assert.equal((await simApi("PUT", `/${id}`, put)).status, 200);
  assert.equal((await simApi("DELETE", `/${id}`)).status, 204);
}

function assertNamesMissingAction(run: ProcessResult, action: string): void {
  assert.equal(run.code, 1, `expected a failure without ${action}:\n${run.stderr}`);
  assert.match(run.stderr, new RegExp(`AccessDeniedException`), run.stderr);
  assert.match(run.stderr, new RegExp(`lacks ${action} on `), run.stderr);
  assert.match(run.stderr, /attach the module output shim_iam_policy_json/, run.stderr);
  assert.ok(!run.stderr.includes(genesysAdmin.clientSecret), "no credential in the message");
}

before(async () => {
  assertBundleBuilt();
  home = mkdtempSync(join(tmpdir(), "shim-iam-"));
  sim = await startSimulator();
  genesysAdmin = sim.admin;
  moto = await startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: String(CALLS_PER_USER) } });
  proxy = await startSecretsManagerProxy(moto.url, { preserveHost: true });
  // The first user is created in moto's unauthenticated window; every later call is signed and checked.
  Object.assign(
    users,
    await createIamUsers(moto.url, { accessKeyId: "testing", secretAccessKey: "testing" }, [
      { name: "admin", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) },
    ]),
  );
  policies = await policiesFromTerraform();
  Object.assign(
    users,
    await createIamUsers(moto.url, users.admin!, [
      { name: "shim", policy: motoPolicy() },
      { name: "nothing", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" }] }) },
      ...ACTIONS.map((action) => ({ name: `without-${action.split(":")[1]}`, policy: motoPolicy(action) })),
    ]),
  );
});

after(async () => {
  await proxy?.close();
  await moto?.close();
  await sim?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe("least-privilege IAM policy (module output shim_iam_policy_json, enforced by moto)", () => {
  it("is exactly the shim's Secrets Manager actions, scoped to the secret's name, plus the KMS key when given", () => {
    const [secretStatement, ...rest] = policies.plain.Statement;
    assert.deepEqual(rest, [], "no KMS statement without kms_key_id");
    assert.deepEqual(secretStatement!.Action, ACTIONS);
    assert.deepEqual(secretStatement!.Resource, [
      `arn:aws:secretsmanager:us-east-1:*:secret:${SECRET_NAME}-??????`,
      `arn:aws:secretsmanager:us-east-1:*:secret:${SECRET_NAME}`,
    ]);

    const keyStatement = policies.keyArn.Statement[1]!;
    assert.deepEqual(keyStatement.Action, ["kms:GenerateDataKey", "kms:Decrypt"]);
    assert.equal(keyStatement.Resource, "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    const aliasStatement = policies.alias.Statement[1]!;
    assert.equal(aliasStatement.Resource, "arn:aws:kms:us-east-1:*:key/*");
    assert.deepEqual(aliasStatement.Condition, { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/genesys" } });
  });

  it("a user without the policy can do nothing: moto really enforces IAM", async () => {
    const run = await ensure("nothing", "genesys/iam-nothing");
    assertNamesMissingAction(run, "secretsmanager:DescribeSecret");
  });

  it("under exactly the generated actions the whole lifecycle passes, and calls every one of them", async () => {
    proxy.reset();
    // create (with a user tag), no change
    const created = await ensureOk("shim", SECRET_NAME, { secret_tags: JSON.stringify({ team: "billing" }) });
    const unchanged = await ensureOk("shim", SECRET_NAME, { secret_tags: JSON.stringify({ team: "billing" }) });
    assert.equal(unchanged.secret_version_id, created.secret_version_id, "no change");
    // the scoping, with IAM's wildcard rules, on the ARN moto gave the secret
    const [exact, bare] = policies.plain.Statement[0]!.Resource as string[];
    const arn = created.secret_arn!.replace(/:\d{12}:/, ":111122223333:");
    assert.ok(iamMatches(exact!, arn), `${exact} covers ${arn}`);
    for (const sibling of [`${SECRET_NAME}-x-abcdef`, `${SECRET_NAME}2-abcdef`, `${SECRET_NAME}/nested-abcdef`, "genesys/other-abcdef"]) {
      const other = `arn:aws:secretsmanager:us-east-1:111122223333:secret:${sibling}`;
      assert.ok(!iamMatches(exact!, other) && !iamMatches(bare!, other), `no pattern covers ${other}`);
    }
    // a tag removed, a KMS key set, a rotation, drift
    await ensureOk("shim", SECRET_NAME);
    await ensureOk("shim", SECRET_NAME, { kms_key_id: "alias/genesys" });
    const rotated = await ensureOk("shim", SECRET_NAME, { kms_key_id: "alias/genesys", rotation_trigger: "2026-12" });
    assert.notEqual(rotated.secret_version_id, created.secret_version_id, "rotated");
    await deleteClientBehindTheShimsBack(rotated.client_id!);
    const recreated = await ensureOk("shim", SECRET_NAME, { kms_key_id: "alias/genesys", rotation_trigger: "2026-12" });
    assert.notEqual(recreated.client_id, rotated.client_id, "drift repaired with a new client");

    // rollback: storing fails (every SDK attempt), the new client and the claimed name are removed; the next run converges
    proxy.failNext("PutSecretValue", 3, { status: 500 });
    const failed = await ensure("shim", "genesys/iam-rollback");
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stderr, /rolled back/i);
    const converged = await ensureOk("shim", "genesys/iam-rollback");

    // an interrupted run (stored, not tagged): the next run reads the stored document to find its client
    proxy.failNext("TagResource", 3, { status: 500 });
    assert.equal((await ensure("shim", "genesys/iam-interrupted")).code, 1);
    const resumed = await ensureOk("shim", "genesys/iam-interrupted");

    // delete with a recovery window, then a new apply restores the secret; then delete at once
    const scheduled = await runDelete("shim", { client_id: recreated.client_id!, secret_arn: recreated.secret_arn!, recovery_window_in_days: "7" });
    assert.equal(scheduled.code, 0, scheduled.stderr);
    const restored = await ensureOk("shim", SECRET_NAME);
    for (const r of [restored, converged, resumed]) {
      const gone = await runDelete("shim", { client_id: r.client_id!, secret_arn: r.secret_arn!, recovery_window_in_days: "0" });
      assert.equal(gone.code, 0, gone.stderr);
    }

    const calls = proxy.counts();
    const unused = ACTIONS.filter((action) => !calls[action.split(":")[1]!]);
    assert.deepEqual(unused, [], `every action in the policy is needed by some step (calls: ${JSON.stringify(calls)})`);
    const extra = Object.keys(calls).filter((op) => !ACTIONS.includes(`secretsmanager:${op}`));
    assert.deepEqual(extra, [], "the shim calls nothing outside the policy");
  });

  describe("with one action removed, the step that needs it fails, naming the action and the policy", () => {
    let deleteInput: Record<string, string> = {};
    const fresh = (action: string) => `genesys/without-${action.split(":")[1]!.toLowerCase()}`;
    const user = (action: string) => `without-${action.split(":")[1]}`;
    // How to reach the step that needs each action: setup as the full policy, then the run under test.
    const scenarios: Record<string, { step: RegExp; run: (action: string) => Promise<ProcessResult> }> = {
      "secretsmanager:DescribeSecret": { step: /DescribeSecret/, run: (a) => ensure(user(a), fresh(a)) },
      "secretsmanager:CreateSecret": { step: /claim secret name failed/, run: (a) => ensure(user(a), fresh(a)) },
      "secretsmanager:PutSecretValue": { step: /store client secret failed/, run: (a) => ensure(user(a), fresh(a)) },
      "secretsmanager:TagResource": { step: /tag secret failed/, run: (a) => ensure(user(a), fresh(a)) },
      // The compare-and-swap of AWSCURRENT: a secret's first version is current at once, so a rotation needs it.
      "secretsmanager:UpdateSecretVersionStage": {
        step: /store client secret failed/,
        run: async (a) => {
          await ensureOk("shim", fresh(a));
          return ensure(user(a), fresh(a), { rotation_trigger: "rotated" });
        },
      },
      "secretsmanager:UntagResource": {
        step: /tag secret failed/,
        run: async (a) => {
          await ensureOk("shim", fresh(a), { secret_tags: JSON.stringify({ team: "billing" }) });
          return ensure(user(a), fresh(a));
        },
      },
      "secretsmanager:UpdateSecret": {
        step: /set secret KMS key failed/,
        run: async (a) => {
          await ensureOk("shim", fresh(a));
          return ensure(user(a), fresh(a), { kms_key_id: "alias/genesys" });
        },
      },
      "secretsmanager:RestoreSecret": {
        step: /restore secret failed/,
        run: async (a) => {
          const made = await ensureOk("shim", fresh(a));
          assert.equal((await runDelete("shim", { client_id: made.client_id!, secret_arn: made.secret_arn!, recovery_window_in_days: "7" })).code, 0);
          return ensure(user(a), fresh(a));
        },
      },
      "secretsmanager:GetSecretValue": {
        step: /GetSecretValue/,
        run: async (a) => {
          proxy.failNext("TagResource", 3, { status: 500 });
          assert.equal((await ensure("shim", fresh(a))).code, 1);
          return ensure(user(a), fresh(a));
        },
      },
      "secretsmanager:DeleteSecret": {
        step: /DeleteSecret/,
        run: async (a) => {
          const made = await ensureOk("shim", fresh(a));
          deleteInput = { client_id: made.client_id!, secret_arn: made.secret_arn!, recovery_window_in_days: "0" };
          return runDelete(user(a), deleteInput);
        },
      },
    };

    it("every action in the policy has a scenario", () => {
      assert.deepEqual(Object.keys(scenarios).sort(), [...ACTIONS].sort());
    });

    for (const action of ACTIONS) {
      it(`without ${action}`, async (t) => {
        const scenario = scenarios[action]!;
        const run = await scenario.run(action);
        t.diagnostic(run.stderr.trim());
        assertNamesMissingAction(run, action);
        assert.match(run.stderr, scenario.step);
        // The failure leaves a state the full policy converges from.
        if (action !== "secretsmanager:DeleteSecret") await ensureOk("shim", fresh(action));
        else assert.equal((await runDelete("shim", deleteInput)).code, 0, "a repeated delete under the full policy finishes the job");
      });
    }
  });
});

describe("Genesys permissions (the simulator's single-permission roles)", () => {
  const roleIds = (permissions: string[]) =>
    permissions.map((p) => ({ roleId: SINGLE_PERMISSION_ROLE_IDS[p as keyof typeof SINGLE_PERMISSION_ROLE_IDS], divisionId: HOME_DIVISION_ID }));
  const ALL = GENESYS_PERMISSIONS.map((p) => p.name);

  async function identityWith(permissions: string[]): Promise<{ clientId: string; clientSecret: string }> {
    const roleDivisions = [...roleIds(permissions), { roleId: EMPLOYEE_ROLE_ID, divisionId: HOME_DIVISION_ID }];
    const reply = await simApi("POST", "", { name: `identity ${permissions.join(" ")}`, authorizedGrantType: "CLIENT-CREDENTIALS", roleDivisions });
    assert.equal(reply.status, 200);
    return { clientId: reply.json.id, clientSecret: reply.json.secret };
  }

  it("the documented permissions are exactly the simulator's oauth:client permissions", () => {
    assert.deepEqual([...ALL].sort(), Object.keys(SINGLE_PERMISSION_ROLE_IDS).sort());
  });

  it("a client with exactly the documented permissions runs the lifecycle", async () => {
    const identity = await identityWith(ALL);
    const made = await ensureOk("shim", "genesys/roles-all", {}, identity);
    await ensureOk("shim", "genesys/roles-all", { description: "changed" }, identity);
    await ensureOk("shim", "genesys/roles-all", { description: "changed", rotation_trigger: "r2" }, identity);
    const gone = await runDelete("shim", { client_id: made.client_id!, secret_arn: made.secret_arn!, recovery_window_in_days: "0" }, identity);
    assert.equal(gone.code, 0, gone.stderr);
  });

  const scenarios: Record<string, (identity: { clientId: string; clientSecret: string }, name: string) => Promise<ProcessResult>> = {
    "oauth:client:view": async (identity, name) => {
      await ensureOk("shim", name);
      return ensure("shim", name, {}, identity);
    },
    "oauth:client:add": (identity, name) => ensure("shim", name, {}, identity),
    "oauth:client:edit": async (identity, name) => {
      await ensureOk("shim", name);
      return ensure("shim", name, { rotation_trigger: "r2" }, identity);
    },
    "oauth:client:delete": async (identity, name) => {
      const made = await ensureOk("shim", name);
      return runDelete("shim", { client_id: made.client_id!, secret_arn: made.secret_arn!, recovery_window_in_days: "0" }, identity);
    },
  };

  for (const permission of ALL) {
    it(`without ${permission}: fails, naming the permission to grant`, async (t) => {
      const identity = await identityWith(ALL.filter((p) => p !== permission));
      const run = await scenarios[permission]!(identity, `genesys/roles-without-${permission.split(":")[2]}`);
      t.diagnostic(run.stderr.trim());
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /HTTP 403/);
      assert.match(run.stderr, new RegExp(`a role with the permission ${permission}`), run.stderr);
    });
  }
});
