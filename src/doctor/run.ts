// `doctor`: read-only checks in order, each depending only on the ones before it; a check whose prerequisite
// failed is skipped, not guessed. --write-check adds the throwaway client and secret.
import { openGenesysSession, type GenesysSession } from "../genesys/session.js";
import { SecretsStore } from "../secrets/store.js";
import { checkAwsIdentity, checkDescribeSecret, kmsCheck, writeCheckSecrets } from "./aws-checks.js";
import { checkGenesysCredentials, checkGenesysRegion, checkListClients, checkToken, writeCheckGenesys } from "./genesys-checks.js";
import { CHECK, fail, failFromError, pass, skip, type CheckResult } from "./result.js";

export interface DoctorOptions {
  genesysRegion?: string;
  awsRegion?: string;
  secretName?: string;
  secretPrefix?: string;
  kmsKeyId?: string;
  writeCheck: boolean;
}

export const MINIMUM_NODE = [20, 18, 1] as const;

export function checkNodeVersion(version: string = process.versions.node): CheckResult {
  const name = CHECK.node;
  const parts = version.split(".").map(Number);
  const differing = MINIMUM_NODE.findIndex((want, i) => (parts[i] ?? 0) !== want);
  const ok = differing === -1 || (parts[differing] ?? 0) > MINIMUM_NODE[differing]!;
  const minimum = MINIMUM_NODE.join(".");
  return ok
    ? pass(name, `${version} (>= ${minimum})`)
    : fail(name, `${version} is older than ${minimum}`, `Install Node.js ${minimum} or newer (the node Terraform finds on PATH).`);
}

async function genesysChecks(options: DoctorOptions, env: NodeJS.ProcessEnv, out: CheckResult[]): Promise<void> {
  const creds = checkGenesysCredentials(env);
  const region = checkGenesysRegion(options.genesysRegion, env);
  out.push(creds.result, region.result);
  const later = [CHECK.token, CHECK.listClients, ...(options.writeCheck ? [CHECK.genesysWrite] : [])];
  if (!creds.credentials || !region.endpoints) {
    for (const name of later) out.push(skip(name, "needs the credentials and the region above"));
    return;
  }
  let session: GenesysSession | undefined;
  try {
    session = openGenesysSession(region.endpoints, creds.credentials, env);
    const token = await checkToken(session, creds.credentials);
    out.push(token);
    if (token.status !== "pass") {
      for (const name of later.slice(1)) out.push(skip(name, "needs a token"));
      return;
    }
    const list = await checkListClients(session);
    out.push(list);
    if (options.writeCheck)
      out.push(
        list.status === "pass" ? await writeCheckGenesys(session, creds.credentials) : skip(later[2]!, "needs the list permission (it looks the probe up)"),
      );
  } finally {
    await session?.close();
  }
}

async function awsChecks(options: DoctorOptions, env: NodeJS.ProcessEnv, out: CheckResult[]): Promise<void> {
  let store: SecretsStore;
  try {
    store = new SecretsStore(options.awsRegion, env);
  } catch (error) {
    out.push(failFromError(CHECK.awsIdentity, error));
    return;
  }
  try {
    const identity = await checkAwsIdentity(store, env);
    out.push(identity);
    if (identity.status !== "pass") {
      out.push(skip(CHECK.describeSecret, "needs AWS credentials and a region"));
      if (options.kmsKeyId) out.push(skip(`KMS key ${options.kmsKeyId}`, "needs AWS credentials and a region"));
      return;
    }
    out.push(await checkDescribeSecret(store, options));
    const write = options.writeCheck && options.secretPrefix !== undefined ? await writeCheckSecrets(store, options.secretPrefix, options.kmsKeyId) : undefined;
    if (options.kmsKeyId) out.push(kmsCheck(options.kmsKeyId, write));
    if (write) out.push(write.result);
  } finally {
    store.close();
  }
}

export async function runDoctor(options: DoctorOptions, env: NodeJS.ProcessEnv = process.env): Promise<CheckResult[]> {
  const out: CheckResult[] = [checkNodeVersion()];
  await genesysChecks(options, env, out);
  await awsChecks(options, env, out);
  return out;
}
