// AWS checks through the shim's own SecretsStore: credentials and region from the default chain, DescribeSecret on
// the secret name or prefix; with --write-check a throwaway secret under the prefix goes through every write the
// shim makes, encrypted with the KMS key when one is given.
import { randomUUID } from "node:crypto";
import { isAwsError } from "../secrets/aws-error.js";
import type { SecretsStore } from "../secrets/store.js";
import { CHECK, fail, failFromError, pass, skip, upstreamOf, type CheckResult } from "./result.js";

const SOURCES: Record<string, string> = {
  CREDENTIALS_ENV_VARS: "environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)",
  CREDENTIALS_PROFILE: "a profile in the shared config/credentials files",
  CREDENTIALS_SSO: "IAM Identity Center (SSO)",
  CREDENTIALS_SSO_LEGACY: "IAM Identity Center (SSO, legacy profile)",
  CREDENTIALS_PROCESS: "a credential_process",
  CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN: "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)",
  CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN: "web identity from a profile",
  CREDENTIALS_HTTP: "the container credentials endpoint (ECS/EKS)",
  CREDENTIALS_IMDS: "the EC2 instance metadata service",
  CREDENTIALS_PROFILE_SOURCE_PROFILE: "an assumed role (source_profile)",
  CREDENTIALS_PROFILE_NAMED_PROVIDER: "an assumed role (credential_source)",
  CREDENTIALS_STS_ASSUME_ROLE: "an assumed role",
};

function describeSources(keys: string[], env: NodeJS.ProcessEnv): string {
  const known = keys.filter((k) => SOURCES[k] !== undefined);
  if (known.length === 0) return keys.length ? keys.join(", ") : "the default chain";
  return known.map((k) => (k.startsWith("CREDENTIALS_PROFILE") ? `${SOURCES[k]} (profile "${env.AWS_PROFILE ?? "default"}")` : SOURCES[k])).join(" via ");
}

export async function checkAwsIdentity(store: SecretsStore, env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const name = CHECK.awsIdentity;
  try {
    const { region, credentialSources } = await store.resolveIdentity();
    return pass(name, `credentials from ${describeSources(credentialSources, env)}; region ${region}`);
  } catch (error) {
    const said = upstreamOf(error).message ?? String(error);
    if (/region is missing/i.test(said))
      return fail(name, `the AWS SDK found no region (${said})`, "Set --aws-region (the module's aws_region) or AWS_REGION.");
    return fail(
      name,
      `the AWS SDK's default chain found no credentials (${said})`,
      "Configure AWS credentials for the SDK's default chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO, web identity or an instance role.",
    );
  }
}

export function probeName(prefix: string): string {
  return `${prefix}genesys-oauth-shim-doctor-${randomUUID().slice(0, 8)}`;
}

export async function checkDescribeSecret(store: SecretsStore, target: { secretName?: string; secretPrefix?: string }): Promise<CheckResult> {
  const name = CHECK.describeSecret;
  const secretId = target.secretName ?? probeName(target.secretPrefix ?? "");
  const what = target.secretName ? `"${secretId}"` : `a name under the prefix "${target.secretPrefix}" (${secretId})`;
  try {
    const secret = await store.describe(secretId);
    if (!secret) return pass(name, `allowed on ${what}; no such secret yet, the first apply creates it`);
    const state = secret.deletedDate ? "scheduled for deletion" : secret.currentVersionId ? "has a value" : "has no value yet";
    return pass(name, `allowed on ${what}; it exists (${secret.arn}) and ${state}`);
  } catch (error) {
    if (isAwsError(error, "AccessDeniedException")) {
      return fail(
        name,
        `access denied: secretsmanager:DescribeSecret is not allowed on ${what}`,
        "Attach the module output shim_iam_policy_json (or allow secretsmanager:DescribeSecret on the secret's ARN) to the AWS identity running Terraform.",
      );
    }
    return failFromError(name, error);
  }
}

const KMS_ERRORS = /^KMS|^(AccessDeniedException|NotFoundException|DisabledException)$/;

/** Every Secrets Manager call the shim makes, on a throwaway secret; force-deleted at the end whatever happens. */
export async function writeCheckSecrets(
  store: SecretsStore,
  prefix: string,
  kmsKeyId: string | undefined,
): Promise<{ result: CheckResult; kmsFailed: boolean }> {
  const name = `Secrets Manager write check (throwaway secret under "${prefix}")`;
  const secretName = probeName(prefix);
  let arn: string | undefined;
  let action = "CreateSecret";
  try {
    const created = await store.createWithoutValue(secretName, {
      description: "Created and deleted at once by `genesys-oauth-shim doctor --write-check`; holds no credential.",
      tags: { "genesys-oauth-shim:doctor": "probe" },
      ...(kmsKeyId ? { kmsKeyId } : {}),
    });
    arn = created.arn;
    action = "PutSecretValue";
    const first = await store.putValue(arn, JSON.stringify({ doctor: "probe, not a credential" }), randomUUID());
    action = "UpdateSecretVersionStage";
    const second = await store.putPending(arn, JSON.stringify({ doctor: "second probe, not a credential" }), randomUUID());
    if (!(await store.promote(arn, second.versionId, first))) throw new Error("the compare-and-swap of AWSCURRENT did not take effect");
    action = "GetSecretValue";
    await store.readValue(arn);
    action = "TagResource";
    await store.tag(arn, { "genesys-oauth-shim:doctor": "tagged" });
    action = "UntagResource";
    await store.untag(arn, ["genesys-oauth-shim:doctor"]);
    if (kmsKeyId) {
      action = "UpdateSecret";
      await store.setKmsKey(arn, kmsKeyId);
    }
    action = "DeleteSecret";
    await store.delete(arn, { recoveryWindowInDays: 7 });
    action = "RestoreSecret";
    await store.restore(arn);
    action = "DeleteSecret";
    await store.delete(arn, { forceDeleteWithoutRecovery: true });
    arn = undefined;
    const actions = `CreateSecret, PutSecretValue, UpdateSecretVersionStage, GetSecretValue, TagResource, UntagResource, ${kmsKeyId ? "UpdateSecret, " : ""}DeleteSecret, RestoreSecret`;
    return { result: pass(name, `${actions} allowed on ${secretName}${kmsKeyId ? ` with the KMS key ${kmsKeyId}` : ""}`), kmsFailed: false };
  } catch (error) {
    const { code } = upstreamOf(error);
    const kmsFailed = kmsKeyId !== undefined && code !== undefined && code !== "AccessDeniedException" && KMS_ERRORS.test(code);
    const fix =
      code === "AccessDeniedException"
        ? `Allow secretsmanager:${action} on the secrets under "${prefix}": attach the module output shim_iam_policy_json to the AWS identity running Terraform.`
        : undefined;
    const result = failFromError(name, error, fix);
    if (arn) await store.delete(arn, { forceDeleteWithoutRecovery: true }).catch(() => undefined);
    const leftover = arn ? ` If it still exists, delete the probe secret ${secretName}.` : "";
    return { result: { ...result, detail: `${action} failed: ${result.detail}${leftover}` }, kmsFailed };
  }
}

export function kmsCheck(kmsKeyId: string, write: { result: CheckResult; kmsFailed: boolean } | undefined): CheckResult {
  const name = `KMS key ${kmsKeyId}`;
  if (!write) return skip(name, "a key is proven usable only by encrypting with it: run with --write-check");
  if (write.result.status === "pass") return pass(name, "a throwaway secret was encrypted and decrypted with it");
  if (write.kmsFailed)
    return fail(
      name,
      `Secrets Manager could not use the key: ${write.result.detail}`,
      "Allow kms:GenerateDataKey and kms:Decrypt on the key (key policy and IAM) for the identity running Terraform, and check that the key is enabled and in the secret's region.",
    );
  return skip(name, "not proven: the write check failed before it could use the key");
}
