# What reaches the shim and what Terraform stores: one query for every key, each key's query shaped exactly like
# oauth-client's, no credentials, no absolute paths, read_only outside the gates, one gate and one destroy hook per
# key. No shim runs: the data source is overridden (override_during needs Terraform >= 1.11; the module needs 1.5.7).

override_data {
  target          = data.external.clients
  override_during = plan
  values = {
    result = {
      clients        = "{\"app\":{\"client_id\":\"00000000-0000-4000-8000-0000000000c1\",\"client_name\":\"app\",\"secret_arn\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf\",\"secret_name\":\"genesys/app\",\"secret_version_id\":\"00000000-0000-4000-8000-0000000000v1\"},\"web\":{\"client_id\":\"00000000-0000-4000-8000-0000000000c2\",\"client_name\":\"web\",\"secret_arn\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:web-AbCdEf\",\"secret_name\":\"genesys/web\",\"secret_version_id\":\"00000000-0000-4000-8000-0000000000v2\"}}"
      errors         = "{}"
      genesys_region = "us-east-1"
    }
  }
}

variables {
  clients = {
    app = {
      name             = "app"
      secret_name      = "genesys/app"
      description      = "Nightly export"
      role_divisions   = [{ role_id = "role-1", division_id = "division-1" }]
      rotation_trigger = "2026-11"
      secret_tags      = { team = "billing" }
    }
    web = {
      name                  = "web"
      secret_name           = "genesys/web"
      authorized_grant_type = "CODE"
      redirect_uris         = ["https://app.example.com/callback"]
    }
  }
  aws_region = "eu-west-1"
}

run "one_query_holds_every_key_as_oauth_client_would_send_it" {
  command = plan

  assert {
    condition     = toset(keys(data.external.clients.query)) == toset(["aws_region", "clients", "read_only"])
    error_message = "unexpected query keys: ${jsonencode(keys(data.external.clients.query))}"
  }
  assert {
    condition = toset(keys(jsondecode(data.external.clients.query.clients).app)) == toset([
      "access_token_validity_seconds", "authorized_grant_type", "description", "name", "redirect_uris",
      "role_divisions", "rotation_trigger", "scopes", "secret_name", "secret_tags",
    ])
    error_message = "a key's query has oauth-client's keys, run-wide ones excluded: ${data.external.clients.query.clients}"
  }
  assert {
    condition     = jsondecode(jsondecode(data.external.clients.query.clients).app.role_divisions) == [{ role_id = "role-1", division_id = "division-1" }]
    error_message = "lists reach the shim as JSON strings, as in oauth-client"
  }
  assert {
    condition     = alltrue([for q in values(jsondecode(data.external.clients.query.clients)) : alltrue([for v in values(q) : can(regex("", v))])])
    error_message = "every value of a key's query is a string"
  }
}

run "no_credentials_in_query" {
  command = plan

  assert {
    condition     = length([for q in values(jsondecode(data.external.clients.query.clients)) : 1 if length([for k in keys(q) : k if can(regex("(?i)(secret$|password|token$|credential|access_key)", k))]) > 0]) == 0
    error_message = "the query must never carry credentials: they come from the environment"
  }
}

run "no_absolute_path_in_state" {
  command = plan

  assert {
    condition     = alltrue([for arg in data.external.clients.program : !startswith(arg, "/")])
    error_message = "program and destroy hooks must use paths relative to the working directory: ${jsonencode(data.external.clients.program)}"
  }
}

run "one_gate_per_key_and_read_only_is_not_part_of_it" {
  command = plan
  variables {
    read_only = true
  }

  assert {
    condition     = toset(keys(terraform_data.spec)) == toset(["app", "web"]) && alltrue([for s in values(terraform_data.spec) : !contains(keys(s.input), "read_only")])
    error_message = "one gate per key, without read_only"
  }
  assert {
    condition     = data.external.clients.query.read_only == "true" && terraform_data.spec["app"].input.aws_region == "eu-west-1"
    error_message = "read_only goes to the shim only; the regions are part of every key's gate"
  }
}

run "outputs_are_identifiers_only_and_each_key_has_its_own_hook" {
  # Applied, so the destroy hooks run at teardown: a no-op command stands in for the shim there.
  command = apply
  variables {
    shim_command = ["true"]
  }

  assert {
    condition     = output.clients.app.client_id == "00000000-0000-4000-8000-0000000000c1" && output.clients.web.secret_arn == "arn:aws:secretsmanager:us-east-1:123456789012:secret:web-AbCdEf"
    error_message = "each key's ids come from the shim's result"
  }
  assert {
    condition     = toset(keys(output.clients.app)) == toset(["client_id", "secret_arn", "secret_name", "secret_version_id"])
    error_message = "the output holds identifiers only"
  }
  assert {
    condition     = terraform_data.cleanup["web"].input.environment.GENESYS_OAUTH_SHIM_CLIENT_ID == "00000000-0000-4000-8000-0000000000c2" && terraform_data.cleanup["app"].input.environment.GENESYS_OAUTH_SHIM_SECRET_ARN == "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf"
    error_message = "each key's destroy hook holds that key's ids"
  }
  assert {
    condition     = length(flatten([for c in values(terraform_data.cleanup) : [for k in keys(c.input.environment) : k if can(regex("(?i)(SECRET$|PASSWORD|TOKEN$|ACCESS_KEY)", k))]])) == 0
    error_message = "the destroy hooks' environment must never carry credentials"
  }
}
