import { ShimError } from "../core/errors.js";

interface AwsLikeError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

export function isAwsError(error: unknown, name: string): boolean {
  if (error instanceof ShimError) return error.upstream?.service === "aws" && error.upstream.code === name;
  return (error as AwsLikeError | undefined)?.name === name;
}

function hintFor(action: string, target: string, name: string | undefined, message: string): string | undefined {
  if (name === "AccessDeniedException") {
    return `The AWS identity running Terraform lacks secretsmanager:${action} on ${target}: attach the module output shim_iam_policy_json, which lists every action the shim needs.`;
  }
  if (name === "CredentialsProviderError" || /credential/i.test(message)) {
    return "Configure AWS credentials for the SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO, web identity or an instance role).";
  }
  if (/region is missing/i.test(message)) return 'Set the module input "aws_region", or AWS_REGION in the environment.';
  if (name === "InvalidRequestException" && /scheduled for deletion/i.test(message)) {
    return "The secret is scheduled for deletion; restore it or wait for the recovery window to end.";
  }
  if (name === "KMSAccessDeniedException" || name === "KMSInvalidStateException") return "Check the KMS key in kms_key_id and the key policy.";
  return undefined;
}

/**
 * A denial answered as HTTP 403 with an XML body (moto, some proxies) reaches the JSON protocol as a SyntaxError
 * whose body is already consumed; the status is all there is to go on.
 */
function deniedAsXml(e: AwsLikeError): { name: string; message: string } | undefined {
  if (e.$metadata?.httpStatusCode !== 403 || (e.name !== "SyntaxError" && e.name !== "AccessDenied")) return undefined;
  return { name: "AccessDeniedException", message: "access denied (HTTP 403)" };
}

export function awsError(action: string, target: string, error: unknown): ShimError {
  if (error instanceof ShimError) return error;
  const e = (error ?? {}) as AwsLikeError;
  const { name, message } = deniedAsXml(e) ?? { name: e.name, message: e.message ?? String(error) };
  return new ShimError("AWS_ERROR", `Secrets Manager ${action} on "${target}" failed`, {
    upstream: { service: "aws", code: name, status: e.$metadata?.httpStatusCode, requestId: e.$metadata?.requestId, message },
    hint: hintFor(action, target, name, message),
    cause: error,
  });
}
