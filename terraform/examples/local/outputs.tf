output "backend_client_id" {
  description = "Id of the backend OAuth client."
  value       = module.backend.client_id
}

output "backend_secret_arn" {
  description = "ARN of the secret holding the backend client's secret."
  value       = module.backend.secret_arn
}

output "backend_secret_version_id" {
  description = "Current secret version of the backend client."
  value       = module.backend.secret_version_id
}

output "web_app_client_id" {
  description = "Id of the web app OAuth client."
  value       = module.web_app.client_id
}

output "web_app_secret_arn" {
  description = "ARN of the secret holding the web app client's secret."
  value       = module.web_app.secret_arn
}
