// The fault proxy (fault-proxy.ts) in front of moto, shaped for Secrets Manager: requests are labelled by their
// X-Amz-Target operation, faults answer with AWS JSON errors, and write operations are counted.
import { RequestSequence, SECRETS_MANAGER_SHAPE, startFaultProxy, awsOperationName, type FaultProxy, type InjectedFault } from "./fault-proxy.js";

export type { InjectedFault } from "./fault-proxy.js";

export const SECRETS_MANAGER_WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  "CreateSecret",
  "PutSecretValue",
  "UpdateSecret",
  "TagResource",
  "UntagResource",
  "DeleteSecret",
  "RestoreSecret",
  "UpdateSecretVersionStage",
  "RotateSecret",
]);

export interface SecretsManagerProxy extends FaultProxy {
  /** Calls of write operations received (faulted ones included). */
  writeCount(): number;
  /** The next `times` calls of `operation` ("PutSecretValue" or "secretsmanager.PutSecretValue") fail. */
  failNext(operation: string, times: number, fault?: InjectedFault): void;
}

export async function startSecretsManagerProxy(
  targetUrl: string,
  options: { sequence?: RequestSequence; preserveHost?: boolean } = {},
): Promise<SecretsManagerProxy> {
  const proxy = await startFaultProxy(targetUrl, SECRETS_MANAGER_SHAPE, options.sequence, { preserveHost: options.preserveHost === true });
  return {
    ...proxy,
    failNext: (operation, times, fault) => proxy.failNext(awsOperationName(operation), times, fault),
    writeCount: () => Object.entries(proxy.counts()).reduce((sum, [op, n]) => (SECRETS_MANAGER_WRITE_OPERATIONS.has(op) ? sum + n : sum), 0),
  };
}
