# Identifiers only. No client secret is ever a value in this module: each exists only in Secrets Manager.

output "clients" {
  description = "Per key: client_id (the client whose credentials the secret's AWSCURRENT holds; under rotation_strategy \"alternating\" it changes on each rotation), standby_client_id (alternating: the other client, whose credentials AWSPREVIOUS holds after a rotation; \"\" under in_place), client_ids (current first, then the standby one when there is one), secret_arn, secret_name and secret_version_id (the version changes when the secret is rotated). Keys the shim could not converge are missing (their error fails the run)."
  # try(): a shim run through shim_command that predates rotation_strategy returns no standby_client_id.
  value = { for key, result in local.results : key => {
    client_id         = result.client_id
    standby_client_id = try(result.standby_client_id, "")
    client_ids        = compact([result.client_id, try(result.standby_client_id, "")])
    secret_arn        = result.secret_arn
    secret_name       = result.secret_name
    secret_version_id = result.secret_version_id
  } }
}
