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
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { runDeadline, type Deadline } from "../core/deadline.js";
import { checkUrlIsSafe } from "../core/url-safety.js";
import { debug } from "../core/log.js";
import { awsError, isAwsError } from "./aws-error.js";

export interface SecretInfo {
  arn: string;
  name: string;
  tags: Record<string, string>;
  /** The version labelled AWSCURRENT; undefined when the secret has no value yet. */
  currentVersionId: string | undefined;
  /** The version labelled AWSPREVIOUS, if any. */
  previousVersionId?: string | undefined;
  deletedDate: Date | undefined;
  createdDate: Date | undefined;
  kmsKeyId: string | undefined;
}

export interface DeleteOptions {
  recoveryWindowInDays?: number;
  forceDeleteWithoutRecovery?: boolean;
}

/** The staging label of a stored version not yet promoted to AWSCURRENT. */
export const PENDING_STAGE = "genesys-oauth-shim-pending";

const CONNECT_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

export class SecretsStore {
  private readonly client: SecretsManagerClient;
  private readonly deadline: Deadline;

  constructor(region: string | undefined, env: NodeJS.ProcessEnv = process.env, deadline: Deadline = runDeadline(env)) {
    this.deadline = deadline;
    for (const name of ["AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"] as const) {
      const value = env[name];
      if (value) checkUrlIsSafe(value, name);
    }
    // This program is pinned to an SDK release that supports Node 20; the SDK's notice about future releases is
    // noise on every terraform plan.
    env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    // The same overall deadline as Genesys: connect and per-request timeouts on the SDK's HTTP handler, and an abort
    // signal on every call (which also stops the SDK's own retries).
    this.client = new SecretsManagerClient({
      ...(region ? { region } : {}),
      maxAttempts: 3,
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    });
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

  private async send<T>(action: string, target: string, run: (options: { abortSignal: AbortSignal }) => Promise<T>): Promise<T> {
    const began = Date.now();
    const abortSignal = this.deadline.signal();
    try {
      if (this.deadline.remainingMs() <= 0) throw this.deadline.exceeded(`Secrets Manager ${action} on "${target}"`);
      const result = await run({ abortSignal });
      debug(`secretsmanager:${action} ${target} → ok in ${Date.now() - began} ms`);
      return result;
    } catch (error) {
      debug(`secretsmanager:${action} ${target} → ${error instanceof Error ? error.name : "error"} in ${Date.now() - began} ms`);
      if (abortSignal.aborted || this.deadline.remainingMs() <= 0) throw this.deadline.exceeded(`Secrets Manager ${action} on "${target}"`, error);
      throw awsError(action, target, error);
    }
  }

  /** undefined when no secret has that name or ARN. Secrets scheduled for deletion are returned, with deletedDate. */
  async describe(secretId: string): Promise<SecretInfo | undefined> {
    try {
      const out = await this.send("DescribeSecret", secretId, (o) => this.client.send(new DescribeSecretCommand({ SecretId: secretId }), o));
      const labelled = (stage: string) => Object.entries(out.VersionIdsToStages ?? {}).find(([, stages]) => stages?.includes(stage))?.[0];
      return {
        arn: out.ARN ?? secretId,
        name: out.Name ?? secretId,
        tags: Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
        currentVersionId: labelled("AWSCURRENT"),
        previousVersionId: labelled("AWSPREVIOUS"),
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
      const out = await this.send("GetSecretValue", arn, (o) => this.client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: "AWSCURRENT" }), o));
      return out.SecretString;
    } catch (error) {
      if (isAwsError(error, "ResourceNotFoundException")) return undefined;
      throw error;
    }
  }

  /** The AWSCURRENT value and its version id, or undefined when the secret has none. */
  async readCurrent(arn: string): Promise<{ value: string | undefined; versionId: string | undefined } | undefined> {
    return this.readStage(arn, "AWSCURRENT");
  }

  /** The version carrying a staging label; undefined when no version carries it. */
  async readStage(arn: string, stage: "AWSCURRENT" | "AWSPREVIOUS"): Promise<{ value: string | undefined; versionId: string | undefined } | undefined> {
    try {
      const out = await this.send("GetSecretValue", arn, (o) => this.client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: stage }), o));
      return { value: out.SecretString, versionId: out.VersionId };
    } catch (error) {
      if (isAwsError(error, "ResourceNotFoundException")) return undefined;
      throw error;
    }
  }

  /** Creates the secret without a value: the unique name is the lock that lets only one run create a client. */
  async createWithoutValue(name: string, options: { description: string; kmsKeyId?: string; tags: Record<string, string> }): Promise<SecretInfo> {
    const out = await this.send("CreateSecret", name, (o) =>
      this.client.send(
        new CreateSecretCommand({
          Name: name,
          Description: options.description,
          ...(options.kmsKeyId ? { KmsKeyId: options.kmsKeyId } : {}),
          Tags: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })),
        }),
        o,
      ),
    );
    return {
      arn: out.ARN ?? name,
      name: out.Name ?? name,
      tags: options.tags,
      currentVersionId: undefined,
      deletedDate: undefined,
      createdDate: new Date(),
      kmsKeyId: options.kmsKeyId,
    };
  }

  /** Stores a new AWSCURRENT version. The token makes the SDK's own retries of this call idempotent. */
  async putValue(arn: string, value: string, clientRequestToken: string): Promise<string> {
    const out = await this.send("PutSecretValue", arn, (o) =>
      this.client.send(new PutSecretValueCommand({ SecretId: arn, SecretString: value, ClientRequestToken: clientRequestToken }), o),
    );
    return out.VersionId ?? clientRequestToken;
  }

  /**
   * Takes AWSPREVIOUS off `versionId`, where Secrets Manager moved it when a newer value became AWSCURRENT. Under
   * in_place rotation that version holds a secret Genesys already refuses (regenerating a client's secret ends the
   * old one at once), and a consumer falling back to AWSPREVIOUS must find nothing rather than a dead secret. The
   * version itself stays, unlabelled, readable only by its id.
   */
  async unlabelPrevious(arn: string, versionId: string): Promise<void> {
    try {
      await this.send("UpdateSecretVersionStage", arn, (o) =>
        this.client.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: "AWSPREVIOUS", RemoveFromVersionId: versionId }), o),
      );
    } catch (error) {
      // The label is not on that version (a concurrent run moved it, or the SDK's retry found the work done).
      if (!isAwsError(error, "InvalidParameterException")) throw error;
      debug(`AWSPREVIOUS is not on version ${versionId} of ${arn}; left as it is`);
    }
  }

  /**
   * Stores a new version WITHOUT making it current (it carries only PENDING_STAGE), so a run that lost a race cannot
   * overwrite the winner's value; promote() then moves AWSCURRENT by compare-and-swap. The first version of a secret
   * becomes AWSCURRENT at once (Secrets Manager attaches it to a secret's first version).
   */
  async putPending(arn: string, value: string, clientRequestToken: string): Promise<{ versionId: string; current: boolean }> {
    const out = await this.send("PutSecretValue", arn, (o) =>
      this.client.send(
        new PutSecretValueCommand({ SecretId: arn, SecretString: value, ClientRequestToken: clientRequestToken, VersionStages: [PENDING_STAGE] }),
        o,
      ),
    );
    return { versionId: out.VersionId ?? clientRequestToken, current: out.VersionStages?.includes("AWSCURRENT") === true };
  }

  /**
   * Compare-and-swap of AWSCURRENT: UpdateSecretVersionStage with RemoveFromVersionId fails unless the label is on
   * that version ("If the label is attached and you either do not specify this parameter, or the version ID does not
   * match, then the operation fails": the API reference). true when `versionId` is current afterwards (also when an
   * answer was lost and the SDK's retry found the work done); false when another version became current instead.
   */
  async promote(arn: string, versionId: string, expectedCurrent: string | undefined): Promise<boolean> {
    if (versionId === expectedCurrent) return true;
    try {
      await this.send("UpdateSecretVersionStage", arn, (o) =>
        this.client.send(
          new UpdateSecretVersionStageCommand({
            SecretId: arn,
            VersionStage: "AWSCURRENT",
            MoveToVersionId: versionId,
            ...(expectedCurrent ? { RemoveFromVersionId: expectedCurrent } : {}),
          }),
          o,
        ),
      );
      return true;
    } catch (error) {
      if (!isAwsError(error, "InvalidParameterException") && !isAwsError(error, "InvalidRequestException")) throw error;
      return (await this.describe(arn))?.currentVersionId === versionId;
    }
  }

  async tag(arn: string, tags: Record<string, string>): Promise<void> {
    if (Object.keys(tags).length === 0) return;
    await this.send("TagResource", arn, (o) =>
      this.client.send(new TagResourceCommand({ SecretId: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }), o),
    );
  }

  async untag(arn: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.send("UntagResource", arn, (o) => this.client.send(new UntagResourceCommand({ SecretId: arn, TagKeys: keys }), o));
  }

  async setKmsKey(arn: string, kmsKeyId: string): Promise<void> {
    await this.send("UpdateSecret", arn, (o) => this.client.send(new UpdateSecretCommand({ SecretId: arn, KmsKeyId: kmsKeyId }), o));
  }

  async restore(arn: string): Promise<void> {
    await this.send("RestoreSecret", arn, (o) => this.client.send(new RestoreSecretCommand({ SecretId: arn }), o));
  }

  /** false when the secret was already gone. */
  async delete(arn: string, options: DeleteOptions): Promise<boolean> {
    try {
      await this.send("DeleteSecret", arn, (o) =>
        this.client.send(
          new DeleteSecretCommand({
            SecretId: arn,
            ...(options.forceDeleteWithoutRecovery ? { ForceDeleteWithoutRecovery: true } : { RecoveryWindowInDays: options.recoveryWindowInDays ?? 30 }),
          }),
          o,
        ),
      );
      return true;
    } catch (error) {
      if (isAwsError(error, "ResourceNotFoundException")) return false;
      throw error;
    }
  }
}
