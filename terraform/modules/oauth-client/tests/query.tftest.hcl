# What reaches the shim and what Terraform stores: the query's shape, no credentials anywhere in it, no absolute
# paths, and read_only outside the gate. No shim runs: the data source is overridden (override_during needs
# Terraform >= 1.11; the module itself needs only 1.5.7).

override_data {
  target          = data.external.client
  override_during = plan
  values = {
    result = {
      client_id         = "00000000-0000-4000-8000-0000000000c1"
      client_name       = "app"
      secret_arn        = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf"
      secret_name       = "app"
      secret_version_id = "00000000-0000-4000-8000-0000000000v1"
      genesys_region    = "us-east-1"
    }
  }
}

variables {
  name             = "app"
  secret_name      = "genesys/app"
  description      = "Nightly export"
  role_divisions   = [{ role_id = "role-1", division_id = "division-1" }]
  rotation_trigger = "2026-11"
  secret_tags      = { team = "billing" }
}

run "query_holds_every_input_as_a_string_and_nothing_else" {
  command = plan

  assert {
    condition = toset(keys(data.external.client.query)) == toset([
      "access_token_validity_seconds", "authorized_grant_type", "description", "name", "read_only", "redirect_uris",
      "role_divisions", "rotation_trigger", "scopes", "secret_name", "secret_tags",
    ])
    error_message = "unexpected query keys: ${jsonencode(keys(data.external.client.query))}"
  }
  assert {
    condition     = jsondecode(data.external.client.query.role_divisions) == [{ role_id = "role-1", division_id = "division-1" }]
    error_message = "role_divisions must reach the shim as JSON"
  }
  assert {
    condition     = data.external.client.query.access_token_validity_seconds == "86400" && data.external.client.query.read_only == "false"
    error_message = "numbers and bools reach the shim as strings"
  }
}

run "no_credentials_in_query" {
  command = plan

  assert {
    condition     = length([for k in keys(data.external.client.query) : k if can(regex("(?i)(secret$|password|token$|credential|access_key)", k))]) == 0
    error_message = "the query must never carry credentials: they come from the environment"
  }
}

run "no_absolute_path_in_state" {
  command = plan

  assert {
    condition     = alltrue([for arg in data.external.client.program : !startswith(arg, "/")])
    error_message = "program and destroy hook must use paths relative to the working directory: ${jsonencode(data.external.client.program)}"
  }
}

run "read_only_is_not_part_of_the_gate" {
  command = plan
  variables {
    read_only = true
  }

  assert {
    condition     = !contains(keys(terraform_data.spec.input), "read_only") && data.external.client.query.read_only == "true"
    error_message = "read_only goes to the shim but not into the gate, so switching it is not a change"
  }
}

run "outputs_are_identifiers_only" {
  # Applied, so the destroy hook runs at teardown: a no-op command stands in for the shim there.
  command = apply
  variables {
    shim_command = ["true"]
  }

  assert {
    condition     = output.client_id == "00000000-0000-4000-8000-0000000000c1" && output.secret_arn == "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf"
    error_message = "client_id and secret_arn come from the shim's result"
  }
  assert {
    condition     = length([for k in keys(terraform_data.cleanup.input.environment) : k if can(regex("(?i)(SECRET$|PASSWORD|TOKEN$|ACCESS_KEY)", k))]) == 0
    error_message = "the destroy hook's environment must never carry credentials"
  }
}
