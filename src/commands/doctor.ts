// `genesys-oauth-shim doctor`: options in, one report out; exit 0 when every check passed, 1 otherwise.
import { parseArgs } from "node:util";
import { reportError } from "../core/log.js";
import { registerEnvironmentCredentials } from "../core/redact.js";
import { formatJson, formatText } from "../doctor/report.js";
import { runDoctor, type DoctorOptions } from "../doctor/run.js";

const USAGE = `Usage: genesys-oauth-shim doctor (--secret-name NAME | --secret-prefix PREFIX) [options]

Checks, before your first apply, that this machine can run the module: Node.js, Genesys Cloud credentials, region,
token and the list permission, AWS credentials and region, DescribeSecret on the secret (or a name under the prefix),
and the KMS key. Read-only unless --write-check. Uses the same environment as the module (GENESYSCLOUD_* and the AWS
SDK's default chain). Prints PASS/FAIL/SKIP per check with the fix for each failure.

Options:
  --secret-name NAME      the module's secret_name (DescribeSecret on it; not found is fine)
  --secret-prefix PREFIX  a prefix your secret names share, e.g. "genesys/" (needed by --write-check); probes a
                          name under it, so it fits an identity allowed on the whole prefix. The module's
                          shim_iam_policy_json allows one secret only: check that with --secret-name.
  --genesys-region R      region name or domain (default GENESYSCLOUD_REGION, else us-east-1)
  --aws-region R          AWS region (default the SDK's: AWS_REGION, the profile)
  --kms-key-id K          the module's kms_key_id; proven usable by --write-check
  --write-check           also create and delete a throwaway OAuth client and a throwaway secret under the prefix:
                          the only proof of the add/edit/delete and create/put/tag/delete permissions
  --format text|json      output format (default text)
  -h, --help              show this help

Exit codes: 0 every check passed, 1 a check failed or the options were wrong.
`;

class UsageError extends Error {}

function parseOptions(argv: string[]): { help: boolean; format: "text" | "json"; options: DoctorOptions } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        "secret-name": { type: "string" },
        "secret-prefix": { type: "string" },
        "genesys-region": { type: "string" },
        "aws-region": { type: "string" },
        "kms-key-id": { type: "string" },
        "write-check": { type: "boolean", default: false },
        format: { type: "string", default: "text" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const format = values.format;
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, got "${format}"`);
  const options: DoctorOptions = { writeCheck: values["write-check"] === true };
  for (const [flag, key] of [
    ["secret-name", "secretName"],
    ["secret-prefix", "secretPrefix"],
    ["genesys-region", "genesysRegion"],
    ["aws-region", "awsRegion"],
    ["kms-key-id", "kmsKeyId"],
  ] as const) {
    const value = values[flag]?.trim();
    if (value !== undefined) {
      if (value === "") throw new UsageError(`--${flag} must not be empty`);
      options[key] = value;
    }
  }
  if (values.help !== true) {
    if (options.secretName === undefined && options.secretPrefix === undefined)
      throw new UsageError("give --secret-name (the module's secret_name) or --secret-prefix (what your secret names start with)");
    if (options.writeCheck && options.secretPrefix === undefined)
      throw new UsageError("--write-check needs --secret-prefix: the throwaway secret is created under it, never next to a real secret name");
  }
  return { help: values.help === true, format, options };
}

export async function run(argv: string[]): Promise<number> {
  registerEnvironmentCredentials();
  let parsed;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`genesys-oauth-shim doctor: ${error.message}\n\n${USAGE}`);
    return 1;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    const results = await runDoctor(parsed.options);
    const text = parsed.format === "json" ? formatJson(results) : formatText(results);
    await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
    return results.some((r) => r.status === "fail") ? 1 : 0;
  } catch (error) {
    reportError(error);
    return 1;
  }
}
