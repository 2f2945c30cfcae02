# Least-privilege IAM policies, built from permissions.json (generated from src/core/permissions.ts by
# scripts/gen-permissions.mjs; the same list the READMEs show and the IAM tests enforce).
#
# This module has no AWS provider, so it cannot look up the account. The shim's policy is scoped by the secret's
# name, which it has before the secret exists (the policy must be attached before the first apply):
#   arn:<partition>:secretsmanager:<aws_region or *>:*:secret:<secret_name>-??????
# Secrets Manager appends "-" and six random characters to every secret's ARN, so the pattern matches this secret
# and no other (not even one named "<secret_name>-x"). The bare name is listed too, for calls on a name that does
# not exist yet; no existing secret's ARN ends without the suffix. The account is a wildcard: an identity still
# needs a resource policy to touch another account's secret. The consumer policy names the secret's actual ARN.

locals {
  permissions = jsondecode(file("${path.module}/permissions.json"))

  iam_region    = coalesce(var.aws_region, "*")
  iam_partition = var.aws_region == null ? "*" : startswith(var.aws_region, "cn-") ? "aws-cn" : startswith(var.aws_region, "us-gov-") ? "aws-us-gov" : "aws"
  secret_arn_patterns = [
    "arn:${local.iam_partition}:secretsmanager:${local.iam_region}:*:secret:${var.secret_name}-??????",
    "arn:${local.iam_partition}:secretsmanager:${local.iam_region}:*:secret:${var.secret_name}",
  ]

  # kms_key_id may be a key ARN, an alias ARN, a key id or an alias name. IAM matches keys by key ARN; an alias is
  # matched through the kms:ResourceAliases condition key.
  kms_alias = var.kms_key_id == null ? null : (
    startswith(var.kms_key_id, "alias/") ? var.kms_key_id : can(regex(":alias/", var.kms_key_id)) ? regex("alias/.*$", var.kms_key_id) : null
  )
  kms_key_resource = var.kms_key_id == null ? null : (
    local.kms_alias != null ? "arn:${local.iam_partition}:kms:${local.iam_region}:*:key/*" :
    startswith(var.kms_key_id, "arn:") ? var.kms_key_id : "arn:${local.iam_partition}:kms:${local.iam_region}:*:key/${var.kms_key_id}"
  )
  kms_condition = local.kms_alias == null ? {} : { "ForAnyValue:StringEquals" = { "kms:ResourceAliases" = local.kms_alias } }

  shim_statements = concat(
    [{
      Sid      = "GenesysOAuthShimSecret"
      Effect   = "Allow"
      Action   = local.permissions.shim_secretsmanager_actions
      Resource = local.secret_arn_patterns
    }],
    var.kms_key_id == null ? [] : [merge({
      Sid      = "GenesysOAuthShimSecretKey"
      Effect   = "Allow"
      Action   = local.permissions.shim_kms_actions
      Resource = local.kms_key_resource
    }, local.kms_alias == null ? {} : { Condition = local.kms_condition })],
  )

  consumer_statements = concat(
    [{
      Sid      = "ReadGenesysOAuthClientSecret"
      Effect   = "Allow"
      Action   = local.permissions.consumer_secretsmanager_actions
      Resource = data.external.client.result.secret_arn
    }],
    var.kms_key_id == null ? [] : [merge({
      Sid      = "DecryptGenesysOAuthClientSecret"
      Effect   = "Allow"
      Action   = local.permissions.consumer_kms_actions
      Resource = local.kms_key_resource
    }, local.kms_alias == null ? {} : { Condition = local.kms_condition })],
  )
}

output "shim_iam_policy_json" {
  description = "IAM policy with exactly the Secrets Manager (and, with kms_key_id, KMS) actions the shim calls, scoped to this secret's name. Attach it to the identity that runs terraform apply/destroy."
  value       = jsonencode({ Version = "2012-10-17", Statement = local.shim_statements })
}

output "consumer_iam_policy_json" {
  description = "Read-only IAM policy for applications that use the client: GetSecretValue on this secret (and kms:Decrypt on kms_key_id when given)."
  value       = jsonencode({ Version = "2012-10-17", Statement = local.consumer_statements })
}
