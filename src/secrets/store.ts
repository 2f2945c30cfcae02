import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { checkUrlIsSafe } from "../core/url-safety.js";
import { debug } from "../core/log.js";
import { awsError, isAwsError } from "./aws-error.js";

export interface SecretInfo {
  arn: string;
  name: string;
  tags: Record<string, string>;
  /** The version labelled AWSCURRENT; undefined when the secret has no value yet. */
  currentVersionId: string | undefined;
  deletedDate: Date | undefined;
  createdDate: Date | undefined;
  kmsKeyId: string | undefined;
}

export interface DeleteOptions {
  recoveryWindowInDays?: number;
  forceDeleteWithoutRecovery?: boolean;
}

export class SecretsStore {
  private readonly client: SecretsManagerClient;

  constructor(region: string | undefined, env: NodeJS.ProcessEnv = process.env) {
    for (const name of ["AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"] as const) {
      const value = env[name];
      if (value) checkUrlIsSafe(value, name);
    }
    // This program is pinned to an SDK release that supports Node 20; the SDK's notice about future releases is
    // noise on every terraform plan.
    env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    this.client = new SecretsManagerClient({ ...(region ? { region } : {}), maxAttempts: 3 });
  }

  close(): void {
    this.client.destroy();
  }

  /** Which sources of the SDK's default chain gave the credentials, and the region; throws as a call would. */
  async resolveIdentity(): Promise<{ region: string; credentialSources: string[] }> {
    return this.send("resolve credentials and region", "the default chain", async () => {
      const region = await this.client.config.region();
      const credentials = (await this.client.config.credentials()) as { $source?: Record<string, unknown> };
      return { region, credentialSources: Object.keys(credentials.$source ?? {}) };
    });
  }

  private async send<T>(action: string, target: string, run: () => Promise<T>): Promise<T> {
    const began = Date.now();
    try {
      const result = await run();
      debug(`secretsmanager:${action} ${target} → ok in ${Date.now() - began} ms`);
      return result;
    } catch (error) {
      debug(`secretsmanager:${action} ${target} → ${error instanceof Error ? error.name : "error"} in ${Date.now() - began} ms`);
      throw awsError(action, target, error);
    }
  }

  /** undefined when no secret has that name or ARN. Secrets scheduled for deletion are returned, with deletedDate. */
  async describe(secretId: string): Promise<SecretInfo | undefined> {
    try {
      const out = await this.send("DescribeSecret", secretId, () => this.client.send(new DescribeSecretCommand({ SecretId: secretId })));
      const current = Object.entries(out.VersionIdsToStages ?? {}).find(([, stages]) => stages?.includes("AWSCURRENT"));
      return {
        arn: out.ARN ?? secretId,
        name: out.Name ?? secretId,
        tags: Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
        currentVersionId: current?.[0],
        deletedDate: out.DeletedDate,
        createdDate: out.CreatedDate,
        kmsKeyId: out.KmsKeyId,
      };
    } catch (error) {
      if (isAwsError(error, "ResourceNotFoundException")) return undefined;
      throw error;
    }
  }

  /** The AWSCURRENT value, or undefined when the secret has none. */
  async readValue(arn: string): Promise<string | undefined> {
    try {
      const out = await this.send("GetSecretValue", arn, () => this.client.send(new GetSecretValueCommand({ SecretId: arn })));
      return out.SecretString;
    } catch (error) {
      if (isAwsError(error, "ResourceNotFoundException")) return undefined;
      throw error;
    }
  }

  /** Creates the secret without a value: the unique name is the lock that lets only one run create a client. */
  async createWithoutValue(name: string, options: { description: string; kmsKeyId?: string; tags: Record<string, string> }): Promise<SecretInfo> {
    const out = await this.send("CreateSecret", name, () =>
      this.client.send(
        new CreateSecretCommand({
          Name: name,
          Description: options.description,
          ...(options.kmsKeyId ? { KmsKeyId: options.kmsKeyId } : {}),
          Tags: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })),
        }),
      ),
    );
    return { arn: out.ARN ?? name, name: out.Name ?? name, tags: options.tags, currentVersionId: undefined, deletedDate: undefined, createdDate: new Date(), kmsKeyId: options.kmsKeyId };
  }

  /** Stores a new AWSCURRENT version. The token makes the SDK's own retries of this call idempotent. */
  async putValue(arn: string, value: string, clientRequestToken: string): Promise<string> {
    const out = await this.send("PutSecretValue", arn, () =>
      this.client.send(new PutSecretValueCommand({ SecretId: arn, SecretString: value, ClientRequestToken: clientRequestToken })),
    );
    return out.VersionId ?? clientRequestToken;
  }

  async tag(arn: string, tags: Record<string, string>): Promise<void> {
    if (Object.keys(tags).length === 0) return;
    await this.send("TagResource", arn, () => this.client.send(new TagResourceCommand({ SecretId: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) })));
  }

  async untag(arn: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.send("UntagResource", arn, () => this.client.send(new UntagResourceCommand({ SecretId: arn, TagKeys: keys })));
  }

  async setKmsKey(arn: string, kmsKeyId: string): Promise<void> {
    await this.send("UpdateSecret", arn, () => this.client.send(new UpdateSecretCommand({ SecretId: arn, KmsKeyId: kmsKeyId })));
  }

  async restore(arn: string): Promise<void> {
    await this.send("RestoreSecret", arn, () => this.client.send(new RestoreSecretCommand({ SecretId: arn })));
  }

  /** false when the secret was already gone. */
  async delete(arn: string, options: DeleteOptions): Promise<boolean> {
    try {
      await this.send("DeleteSecret", arn, () =>
        this.client.send(
          new DeleteSecretCommand({
            SecretId: arn,
            ...(options.forceDeleteWithoutRecovery ? { ForceDeleteWithoutRecovery: true } : { RecoveryWindowInDays: options.recoveryWindowInDays ?? 30 }),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isAwsError(error, "ResourceNotFoundException")) return false;
      throw error;
    }
  }
}
