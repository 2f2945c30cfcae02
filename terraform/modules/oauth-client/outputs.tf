# Identifiers only. The client secret is never a value in this module: it exists only in Secrets Manager.

output "client_id" {
  description = "Id of the Genesys Cloud OAuth client."
  value       = data.external.client.result.client_id
}

output "secret_arn" {
  description = "ARN of the Secrets Manager secret holding the client secret (read it at run time, e.g. with GetSecretValue)."
  value       = data.external.client.result.secret_arn
}

output "secret_name" {
  description = "Name of the Secrets Manager secret holding the client secret."
  value       = data.external.client.result.secret_name
}

output "secret_version_id" {
  description = "Secrets Manager version id of the current client secret; changes when the secret is rotated."
  value       = data.external.client.result.secret_version_id
}
