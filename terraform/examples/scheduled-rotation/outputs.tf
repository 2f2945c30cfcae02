output "client_id" {
  description = "Id of the OAuth client."
  value       = module.integration.client_id
}

output "secret_arn" {
  description = "ARN of the secret holding the client secret (consumers read it at run time)."
  value       = module.integration.secret_arn
}

output "secret_version_id" {
  description = "Secrets Manager version id of the current client secret; changes at every rotation."
  value       = module.integration.secret_version_id
}

output "next_rotation" {
  description = "From this time on, the next plan/apply rotates the secret (RFC 3339)."
  value       = time_rotating.client_secret.rotation_rfc3339
}
