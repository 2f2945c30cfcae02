// IAM users with inline policies in a moto started with INITIAL_NO_AUTH_ACTION_COUNT, created through boto3 from
// moto's own venv (the project has no IAM client). Requests signed with a user's keys are then checked by moto
// against that user's policies.
import { dirname, join } from "node:path";
import { minimalEnv } from "./env.js";
import { describeOutput, runProcess } from "./processes.js";
import { motoServerBin } from "./toolchain.js";

export interface AwsKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface IamUserSpec {
  name: string;
  /** The policy document, as JSON text. */
  policy: string;
}

/** The number of unauthenticated calls creating the first user takes (CreateUser, PutUserPolicy, CreateAccessKey). */
export const CALLS_PER_USER = 3;

const SCRIPT = `
import json, sys, boto3
req = json.load(sys.stdin)
iam = boto3.client("iam", endpoint_url=req["url"], region_name="us-east-1",
                   aws_access_key_id=req["keys"]["accessKeyId"], aws_secret_access_key=req["keys"]["secretAccessKey"])
out = {}
for user in req["users"]:
    iam.create_user(UserName=user["name"])
    iam.put_user_policy(UserName=user["name"], PolicyName="policy", PolicyDocument=user["policy"])
    key = iam.create_access_key(UserName=user["name"])["AccessKey"]
    out[user["name"]] = {"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}
json.dump(out, sys.stdout)
`;

export async function createIamUsers(motoUrl: string, signer: AwsKeys, users: IamUserSpec[]): Promise<Record<string, AwsKeys>> {
  const python = join(dirname(motoServerBin()), "python");
  const run = await runProcess(python, ["-c", SCRIPT], {
    env: minimalEnv({ AWS_EC2_METADATA_DISABLED: "true" }),
    stdin: JSON.stringify({ url: motoUrl, keys: signer, users }),
    timeoutMs: 60_000,
  });
  if (run.code !== 0) throw new Error(`creating IAM users in moto failed\n${describeOutput(run)}`);
  return JSON.parse(run.stdout) as Record<string, AwsKeys>;
}
