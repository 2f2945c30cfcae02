# Identifiers only. No client secret is ever a value in this module: each exists only in Secrets Manager.

output "clients" {
  description = "Per key: client_id, secret_arn, secret_name and secret_version_id (the version changes when the secret is rotated). Keys the shim could not converge are missing (their error fails the run)."
  value = { for key, result in local.results : key => {
    client_id         = result.client_id
    secret_arn        = result.secret_arn
    secret_name       = result.secret_name
    secret_version_id = result.secret_version_id
  } }
}
