// `genesys-oauth-shim doctor` against the simulator and moto: all green on a good setup, and each check fails on
// purpose with its own cause and fix. The bundle runs as a user would run it.
import assert from "node:assert/strict";
import { CreateSecretCommand, ListSecretsCommand } from "@aws-sdk/client-secrets-manager";
import { describe, it } from "node:test";
import { checkNodeVersion } from "../../src/doctor/run.js";
import { EMPLOYEE_ROLE_ID, HOME_DIVISION_ID, SINGLE_PERMISSION_ROLE_IDS } from "../../src/simulator/index.js";
import { runShim } from "../support/shim.js";
import type { ProcessResult } from "../support/processes.js";
import { createClientAsAdmin, motoSecretsClient, servicesForThisFile } from "./helpers.js";

const services = servicesForThisFile();

interface Report {
  ok: boolean;
  checks: { name: string; status: "pass" | "fail" | "skip"; detail: string; fix?: string }[];
}

async function doctor(args: string[], env: Record<string, string | undefined> = {}): Promise<ProcessResult & { report: Report }> {
  const run = await runShim("doctor", "", { env: services.shimEnv(env), timeoutMs: 60_000, args: ["--format", "json", ...args] });
  assert.equal(run.stderr.includes(services.sim.admin.clientSecret), false, "the Genesys secret reached stderr");
  assert.equal(run.stdout.includes(services.sim.admin.clientSecret), false, "the Genesys secret reached stdout");
  let report: Report;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`doctor printed no JSON report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  assert.equal(run.code, report.ok ? 0 : 1, "exit 0 exactly when every check passed");
  return { ...run, report };
}

function check(report: Report, name: RegExp): Report["checks"][number] {
  const found = report.checks.find((c) => name.test(c.name));
  assert.ok(found, `no check named ${name} in ${report.checks.map((c) => c.name).join(", ")}`);
  return found;
}

function statuses(report: Report): string {
  return report.checks.map((c) => `${c.status} ${c.name}`).join("\n");
}

/** A client of the simulator with the given roles (or grant), used as the doctor's Genesys identity. */
async function identityWith(body: Record<string, unknown>): Promise<Record<string, string>> {
  const client = await createClientAsAdmin(services, { name: `doctor identity ${Math.random()}`, ...body });
  return { GENESYSCLOUD_OAUTHCLIENT_ID: client.id, GENESYSCLOUD_OAUTHCLIENT_SECRET: client.secret };
}

const roles = (...ids: string[]) => ids.map((roleId) => ({ roleId, divisionId: HOME_DIVISION_ID }));

describe("doctor", () => {
  it("passes every check, read-only and with --write-check, and leaves nothing behind", async () => {
    const readOnly = await doctor(["--secret-name", "genesys/billing"]);
    assert.equal(readOnly.code, 0, statuses(readOnly.report));
    assert.deepEqual(
      readOnly.report.checks.map((c) => c.name),
      [
        "Node.js version",
        "Genesys credentials",
        "Genesys region",
        "Genesys token",
        "Genesys: list OAuth clients",
        "AWS credentials and region",
        "Secrets Manager: DescribeSecret",
      ],
    );
    assert.match(check(readOnly.report, /^Genesys credentials/).detail, /GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET/);
    assert.match(check(readOnly.report, /AWS credentials/).detail, /environment variables .*region us-east-1/);
    assert.match(check(readOnly.report, /DescribeSecret/).detail, /no such secret yet/);
    assert.deepEqual(await services.simWrites(), {}, "read-only: no Genesys writes");
    assert.equal(services.proxy.writeCount(), 0, "read-only: no Secrets Manager writes");

    const clientsBefore = (await services.simClients()).length;
    const write = await doctor(["--secret-prefix", "genesys/", "--write-check", "--kms-key-id", "alias/genesys"]);
    assert.equal(write.code, 0, statuses(write.report));
    assert.match(check(write.report, /^KMS key/).detail, /encrypted and decrypted/);
    assert.match(
      check(write.report, /Secrets Manager write check/).detail,
      /CreateSecret, PutSecretValue, UpdateSecretVersionStage, GetSecretValue, TagResource, UntagResource, UpdateSecret, DeleteSecret, RestoreSecret/,
    );
    assert.ok((await services.simWrites())["POST /api/v2/oauth/clients"] === 1, "the write check created one client");
    assert.equal((await services.simClients()).length, clientsBefore, "the probe client is gone");
    const left = await motoSecretsClient(services).send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
    assert.deepEqual(left.SecretList ?? [], [], "the probe secret is gone, not merely scheduled for deletion");
  });

  it("an existing secret is described (text format)", async () => {
    await motoSecretsClient(services).send(new CreateSecretCommand({ Name: "genesys/existing" }));
    const run = await runShim("doctor", "", { env: services.shimEnv(), timeoutMs: 60_000, args: ["--secret-name", "genesys/existing"] });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /^PASS {2}Secrets Manager: DescribeSecret: allowed on "genesys\/existing"; it exists \(arn:aws:secretsmanager:us-east-1:\d+:secret:genesys\/existing-\w{6}\) and has no value yet$/m,
    );
    assert.match(run.stdout, /^7 passed, 0 failed, 0 skipped$/m);
  });

  it("fails on a Node.js older than 20.18.1", () => {
    assert.equal(checkNodeVersion("20.18.0").status, "fail");
    assert.match(checkNodeVersion("18.20.4").fix ?? "", /Install Node\.js 20\.18\.1 or newer/);
    for (const ok of ["20.18.1", "20.19.0", "22.1.0", "24.0.0"]) assert.equal(checkNodeVersion(ok).status, "pass", ok);
  });

  it("missing Genesys credentials: names the variable, skips what needs them", async () => {
    const { report } = await doctor(["--secret-name", "genesys/billing"], { GENESYSCLOUD_OAUTHCLIENT_SECRET: undefined });
    const creds = check(report, /^Genesys credentials/);
    assert.equal(creds.status, "fail");
    assert.match(creds.detail, /GENESYSCLOUD_OAUTHCLIENT_SECRET not set/);
    assert.match(creds.fix ?? "", /GENESYSCLOUD_ACCESS_TOKEN/);
    assert.equal(check(report, /Genesys token/).status, "skip");
    assert.equal(check(report, /DescribeSecret/).status, "pass", "the AWS checks still run");
  });

  it("unknown region: says which values are allowed", async () => {
    const { report } = await doctor(["--secret-name", "genesys/billing"], { GENESYSCLOUD_REGION: "mars-1" });
    const region = check(report, /Genesys region/);
    assert.equal(region.status, "fail");
    assert.match(region.detail, /unknown Genesys Cloud region "mars-1".*mypurecloud\.ie/);
    assert.equal(check(report, /Genesys token/).status, "skip");
  });

  it("a region given by domain resolves", async () => {
    const { report } = await doctor(["--secret-name", "genesys/billing", "--genesys-region", "mypurecloud.ie"]);
    assert.match(check(report, /Genesys region/).detail, /^eu-west-1 \(mypurecloud\.ie\) from --genesys-region/);
  });

  it("wrong client secret: 401 means the secret is wrong", async () => {
    const { report } = await doctor(["--secret-name", "genesys/billing"], { GENESYSCLOUD_OAUTHCLIENT_SECRET: "not-the-secret-of-this-client" });
    const token = check(report, /Genesys token/);
    assert.equal(token.status, "fail");
    assert.match(token.detail, /HTTP 401.*secret is wrong/);
    assert.match(token.fix ?? "", /GENESYSCLOUD_OAUTHCLIENT_SECRET/);
    assert.equal(check(report, /list OAuth clients/).status, "skip");
  });

  it("a client that is not a client-credentials client: 400 unsupported grant", async () => {
    const env = await identityWith({ authorizedGrantType: "CODE", registeredRedirectUri: ["https://example.com/cb"], scope: ["users:readonly"] });
    const { report } = await doctor(["--secret-name", "genesys/billing"], env);
    const token = check(report, /Genesys token/);
    assert.equal(token.status, "fail");
    assert.match(token.detail, /HTTP 400, unsupported_grant_type.*not a Client Credentials client/);
  });

  it("a client without oauth:client:view cannot list clients", async () => {
    const env = await identityWith({ roleDivisions: roles(EMPLOYEE_ROLE_ID) });
    const { report } = await doctor(["--secret-name", "genesys/billing"], env);
    assert.equal(check(report, /Genesys token/).status, "pass");
    const list = check(report, /list OAuth clients/);
    assert.equal(list.status, "fail");
    assert.match(list.detail, /HTTP 403.*lack oauth:client:view/);
  });

  it("--write-check: a client without oauth:client:add fails the Genesys write check, naming the permission", async () => {
    const env = await identityWith({ roleDivisions: roles(SINGLE_PERMISSION_ROLE_IDS["oauth:client:view"]) });
    const { report } = await doctor(["--secret-prefix", "genesys/", "--write-check"], env);
    const write = check(report, /Genesys write check/);
    assert.equal(write.status, "fail");
    assert.match(write.detail, /create OAuth client was refused/);
    assert.match(write.fix ?? "", /oauth:client:add/);
  });

  it("--write-check: a client without oauth:client:delete says which probe client it left behind", async () => {
    const env = await identityWith({
      roleDivisions: roles(...["view", "add", "edit"].map((p) => SINGLE_PERMISSION_ROLE_IDS[`oauth:client:${p}` as keyof typeof SINGLE_PERMISSION_ROLE_IDS])),
    });
    const { report } = await doctor(["--secret-prefix", "genesys/", "--write-check"], env);
    const write = check(report, /Genesys write check/);
    assert.equal(write.status, "fail");
    assert.match(write.fix ?? "", /oauth:client:delete/);
    assert.match(write.detail, /The probe client [0-9a-f-]{36} \("genesys-oauth-shim doctor probe [0-9a-f]{8}"\) is left behind/);
  });

  it("no AWS credentials: fails and says how to configure the default chain", async () => {
    const { report } = await doctor(["--secret-name", "genesys/billing"], { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    const aws = check(report, /AWS credentials/);
    assert.equal(aws.status, "fail");
    assert.match(aws.fix ?? "", /AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY, AWS_PROFILE/);
    assert.equal(check(report, /DescribeSecret/).status, "skip");
  });

  it("no AWS region: fails and names --aws-region and AWS_REGION", async () => {
    const { report } = await doctor(["--secret-name", "genesys/billing"], { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined });
    const aws = check(report, /AWS credentials/);
    assert.equal(aws.status, "fail");
    assert.match(aws.fix ?? "", /--aws-region.*AWS_REGION/);
  });

  it("DescribeSecret denied: fails naming the action and the policy", async () => {
    services.proxy.failNext("DescribeSecret", 1, {
      status: 400,
      type: "AccessDeniedException",
      message: "User is not authorized to perform: secretsmanager:DescribeSecret",
    });
    const { report } = await doctor(["--secret-name", "genesys/billing"]);
    const described = check(report, /DescribeSecret/);
    assert.equal(described.status, "fail");
    assert.match(described.detail, /access denied: secretsmanager:DescribeSecret is not allowed on "genesys\/billing"/);
    assert.match(described.fix ?? "", /shim_iam_policy_json/);
  });

  it("--write-check: a denied write names the action and removes the probe secret", async () => {
    services.proxy.failNext("TagResource", 1, { status: 400, type: "AccessDeniedException", message: "not authorized to perform: secretsmanager:TagResource" });
    const { report } = await doctor(["--secret-prefix", "genesys/", "--write-check"]);
    const write = check(report, /Secrets Manager write check/);
    assert.equal(write.status, "fail");
    assert.match(write.detail, /^TagResource failed/);
    assert.match(write.fix ?? "", /Allow secretsmanager:TagResource .*shim_iam_policy_json/);
    const left = await motoSecretsClient(services).send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
    assert.deepEqual(left.SecretList ?? [], []);
  });

  it("--write-check with a KMS key Secrets Manager cannot use: the KMS check fails with the key permissions to grant", async () => {
    services.proxy.failNext("PutSecretValue", 1, { status: 400, type: "KMSAccessDeniedException", message: "Access to KMS is not allowed" });
    const { report } = await doctor(["--secret-prefix", "genesys/", "--write-check", "--kms-key-id", "alias/genesys"]);
    const kms = check(report, /^KMS key alias\/genesys/);
    assert.equal(kms.status, "fail");
    assert.match(kms.fix ?? "", /kms:GenerateDataKey and kms:Decrypt/);
    assert.equal(check(report, /Secrets Manager write check/).status, "fail");
  });

  it("a KMS key without --write-check is reported as not proven, never as passing", async () => {
    const { report } = await doctor(["--secret-name", "genesys/billing", "--kms-key-id", "alias/genesys"]);
    assert.equal(check(report, /^KMS key/).status, "skip");
  });

  it("bad options: exit 1 with the usage, nothing checked", async () => {
    for (const args of [[], ["--write-check", "--secret-name", "a"], ["--secret-name", "a", "--format", "xml"], ["--bogus"]]) {
      const run = await runShim("doctor", "", { env: services.shimEnv(), timeoutMs: 30_000, args: [...args] });
      assert.equal(run.code, 1, args.join(" "));
      assert.match(run.stderr, /Usage: genesys-oauth-shim doctor/);
      assert.equal(run.stdout, "");
    }
    assert.deepEqual(await services.simCounters(), {});
  });
});
