# Least-privilege IAM policies, built from permissions.json (generated from src/core/permissions.ts by
# scripts/gen-permissions.mjs; the same list the READMEs show and the IAM tests enforce).
#
# This module has no AWS provider, so it cannot look up the account. The shim's policy is scoped by the secrets'
# names, which it has before the secrets exist (the policy must be attached before the first apply):
#   arn:<partition>:secretsmanager:<aws_region or *>:*:secret:<secret_name>-??????
# Secrets Manager appends "-" and six random characters to every secret's ARN, so the pattern matches this secret
# and no other (not even one named "<secret_name>-x"). The bare name is listed too, for calls on a name that does
# not exist yet; no existing secret's ARN ends without the suffix. The account is a wildcard: an identity still
# needs a resource policy to touch another account's secret. A consumer policy names its secret's actual ARN.

locals {
  permissions = jsondecode(file("${path.module}/permissions.json"))

  iam_region    = coalesce(var.aws_region, "*")
  iam_partition = var.aws_region == null ? "*" : startswith(var.aws_region, "cn-") ? "aws-cn" : startswith(var.aws_region, "us-gov-") ? "aws-us-gov" : "aws"
  secret_arn_patterns = flatten([for key in sort(keys(var.clients)) : [
    "arn:${local.iam_partition}:secretsmanager:${local.iam_region}:*:secret:${var.clients[key].secret_name}-??????",
    "arn:${local.iam_partition}:secretsmanager:${local.iam_region}:*:secret:${var.clients[key].secret_name}",
  ]])

  # kms_key_id may be a key ARN, an alias ARN, a key id or an alias name. IAM matches keys by key ARN; an alias is
  # matched through the kms:ResourceAliases condition key.
  kms = { for key, client in var.clients : key => {
    alias = client.kms_key_id == null ? null : (
      startswith(client.kms_key_id, "alias/") ? client.kms_key_id : can(regex(":alias/", client.kms_key_id)) ? regex("alias/.*$", client.kms_key_id) : null
    )
    key_id = client.kms_key_id
  } if client.kms_key_id != null }
  kms_statements = { for key, k in local.kms : key => merge({
    Effect = "Allow"
    Resource = k.alias != null ? "arn:${local.iam_partition}:kms:${local.iam_region}:*:key/*" : (
      startswith(k.key_id, "arn:") ? k.key_id : "arn:${local.iam_partition}:kms:${local.iam_region}:*:key/${k.key_id}"
    )
  }, k.alias == null ? {} : { Condition = { "ForAnyValue:StringEquals" = { "kms:ResourceAliases" = k.alias } } }) }

  shim_statements = concat(
    [{
      Sid      = "GenesysOAuthShimSecret"
      Effect   = "Allow"
      Action   = local.permissions.shim_secretsmanager_actions
      Resource = local.secret_arn_patterns
    }],
    [for key in sort(keys(local.kms_statements)) : merge(local.kms_statements[key], {
      Sid    = "GenesysOAuthShimSecretKey${length(local.kms_statements) > 1 ? index(sort(keys(local.kms_statements)), key) : ""}"
      Action = local.permissions.shim_kms_actions
    })],
  )

  consumer_statements = { for key, result in local.results : key => concat(
    [{
      Sid      = "ReadGenesysOAuthClientSecret"
      Effect   = "Allow"
      Action   = local.permissions.consumer_secretsmanager_actions
      Resource = result.secret_arn
    }],
    contains(keys(local.kms_statements), key) ? [merge(local.kms_statements[key], {
      Sid    = "DecryptGenesysOAuthClientSecret"
      Action = local.permissions.consumer_kms_actions
    })] : [],
  ) }
}

output "shim_iam_policy_json" {
  description = "IAM policy with exactly the Secrets Manager (and, with kms_key_id, KMS) actions the shim calls, scoped to these secrets' names. Attach it to the identity that runs terraform plan/apply/destroy."
  value       = jsonencode({ Version = "2012-10-17", Statement = local.shim_statements })
}

output "consumer_iam_policy_json" {
  description = "Per key: a read-only IAM policy for the applications that use that client: GetSecretValue on its secret (and kms:Decrypt on its kms_key_id when given)."
  value       = { for key, statements in local.consumer_statements : key => jsonencode({ Version = "2012-10-17", Statement = statements }) }
}
