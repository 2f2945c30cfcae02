# Identifiers only. The client secret is never a value in this module: it exists only in Secrets Manager.

locals {
  result = module.clients.clients[local.key]
}

output "client_id" {
  description = "Id of the Genesys Cloud OAuth client whose credentials the secret's AWSCURRENT version holds. Under rotation_strategy \"alternating\" it changes on each rotation (the two clients swap roles)."
  value       = local.result.client_id
}

output "standby_client_id" {
  description = "Under rotation_strategy \"alternating\": id of the other OAuth client (\"<name> (b)\" or \"<name>\"), the one the next rotation regenerates; after a rotation AWSPREVIOUS holds its credentials. \"\" under in_place."
  value       = local.result.standby_client_id
}

output "client_ids" {
  description = "Ids of every OAuth client of this module: the current one (client_id) first, then the standby one under rotation_strategy \"alternating\"."
  value       = local.result.client_ids
}

output "secret_arn" {
  description = "ARN of the Secrets Manager secret holding the client secret (read it at run time, e.g. with GetSecretValue)."
  value       = local.result.secret_arn
}

output "secret_name" {
  description = "Name of the Secrets Manager secret holding the client secret."
  value       = local.result.secret_name
}

output "secret_version_id" {
  description = "Secrets Manager version id of the current client secret; changes when the secret is rotated."
  value       = local.result.secret_version_id
}

output "shim_iam_policy_json" {
  description = "IAM policy with exactly the Secrets Manager (and, with kms_key_id, KMS) actions the shim calls, scoped to this secret's name. Attach it to the identity that runs terraform plan/apply/destroy."
  value       = module.clients.shim_iam_policy_json
}

output "consumer_iam_policy_json" {
  description = "Read-only IAM policy for applications that use the client: GetSecretValue on this secret (and kms:Decrypt on kms_key_id when given)."
  value       = module.clients.consumer_iam_policy_json[local.key]
}
