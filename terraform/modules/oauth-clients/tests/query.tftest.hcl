# What reaches the shim and what Terraform stores: one status query and one result query for every key, each key's
# query shaped exactly like the shim's single-client query, no credentials, no absolute paths; one ensure step and
# one destroy hook per key; read_only only in the ensure step's environment. No shim runs: the data sources are
# overridden (override_during needs Terraform >= 1.11; the module needs 1.5.7).

override_data {
  target          = data.external.status
  override_during = plan
  values = {
    result = {
      clients        = "{\"app\":{\"state\":\"pending\",\"generation\":\"create-oauth-client/1a2b3c4d\",\"actions\":\"create OAuth client\",\"error\":\"\"},\"web\":{\"state\":\"converged\",\"generation\":\"g7\",\"actions\":\"\",\"error\":\"\"}}"
      genesys_region = "us-east-1"
    }
  }
}

override_data {
  target          = data.external.result
  override_during = plan
  values = {
    result = {
      clients        = "{\"app\":{\"client_id\":\"00000000-0000-4000-8000-0000000000c1\",\"standby_client_id\":\"00000000-0000-4000-8000-0000000000c3\",\"client_name\":\"app\",\"secret_arn\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf\",\"secret_name\":\"genesys/app\",\"secret_version_id\":\"00000000-0000-4000-8000-0000000000v1\"},\"web\":{\"client_id\":\"00000000-0000-4000-8000-0000000000c2\",\"standby_client_id\":\"\",\"client_name\":\"web\",\"secret_arn\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:web-AbCdEf\",\"secret_name\":\"genesys/web\",\"secret_version_id\":\"00000000-0000-4000-8000-0000000000v2\"}}"
      errors         = "{}"
      genesys_region = "us-east-1"
    }
  }
}

variables {
  clients = {
    app = {
      name              = "app"
      secret_name       = "genesys/app"
      description       = "Nightly export"
      role_divisions    = [{ role_id = "role-1", division_id = "division-1" }]
      rotation_strategy = "alternating"
      rotation_trigger  = "2026-11"
      secret_tags       = { team = "billing" }
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

run "status_and_result_queries_hold_every_key_as_the_shim_expects" {
  command = plan

  assert {
    condition     = data.external.status.query.phase == "status" && data.external.result.query.phase == "result"
    error_message = "the plan-time read asks for the status, the after-apply read for the result"
  }
  assert {
    condition     = toset(keys(data.external.status.query)) == toset(["aws_region", "clients", "phase"])
    error_message = "unexpected query keys: ${jsonencode(keys(data.external.status.query))}"
  }
  assert {
    condition = toset(keys(jsondecode(data.external.status.query.clients).app)) == toset([
      "access_token_validity_seconds", "authorized_grant_type", "description", "name", "redirect_uris",
      "role_divisions", "rotation_strategy", "rotation_trigger", "scopes", "secret_name", "secret_tags",
    ])
    error_message = "a key's query has the shim's single-client keys, run-wide ones excluded: ${data.external.status.query.clients}"
  }
  assert {
    condition     = jsondecode(jsondecode(data.external.status.query.clients).app.role_divisions) == [{ role_id = "role-1", division_id = "division-1" }]
    error_message = "lists reach the shim as JSON strings"
  }
  assert {
    condition     = alltrue([for q in values(jsondecode(data.external.status.query.clients)) : alltrue([for v in values(q) : can(regex("", v))])])
    error_message = "every value of a key's query is a string"
  }
}

run "a_pending_key_runs_its_ensure_step_and_a_converged_one_does_not" {
  command = plan

  assert {
    condition     = terraform_data.ensure["app"].triggers_replace.generation == "create-oauth-client/1a2b3c4d" && terraform_data.ensure["web"].triggers_replace.generation == "g7"
    error_message = "each key's ensure step is triggered by that key's status generation"
  }
  assert {
    condition     = terraform_data.ensure["app"].triggers_replace.spec.aws_region == "eu-west-1" && terraform_data.ensure["app"].triggers_replace.spec.name == "app"
    error_message = "the spec (regions included) triggers the ensure step too"
  }
}

run "rotation_strategy_is_sent_only_when_not_in_place" {
  # in_place (the default) stays out of the query, so a state from before rotation_strategy keeps its spec trigger.
  command = plan

  assert {
    condition     = jsondecode(data.external.status.query.clients).app.rotation_strategy == "alternating"
    error_message = "alternating reaches the shim: ${data.external.status.query.clients}"
  }
  assert {
    condition     = !contains(keys(jsondecode(data.external.status.query.clients).web), "rotation_strategy") && !contains(keys(terraform_data.ensure["web"].triggers_replace.spec), "rotation_strategy")
    error_message = "the default in_place is neither in the query nor in the spec trigger: ${data.external.status.query.clients}"
  }
}

run "an_explicit_in_place_is_the_default" {
  command = plan
  variables {
    clients = {
      web = {
        name                  = "web"
        secret_name           = "genesys/web"
        authorized_grant_type = "CODE"
        redirect_uris         = ["https://app.example.com/callback"]
        rotation_strategy     = "in_place"
      }
    }
  }

  assert {
    condition     = toset(keys(terraform_data.ensure["web"].triggers_replace.spec)) == toset(["access_token_validity_seconds", "authorized_grant_type", "aws_region", "name", "redirect_uris", "role_divisions", "scopes", "secret_name", "secret_tags"])
    error_message = "rotation_strategy = \"in_place\" plans exactly as leaving it out: ${jsonencode(keys(terraform_data.ensure["web"].triggers_replace.spec))}"
  }
}

run "no_credentials_in_any_query" {
  command = plan

  assert {
    condition     = length([for q in values(jsondecode(data.external.status.query.clients)) : 1 if length([for k in keys(q) : k if can(regex("(?i)(secret$|password|token$|credential|access_key)", k))]) > 0]) == 0
    error_message = "the query must never carry credentials: they come from the environment"
  }
}

run "no_absolute_path_in_state" {
  command = plan

  assert {
    condition     = alltrue([for arg in concat(data.external.status.program, data.external.result.program) : !startswith(arg, "/")])
    error_message = "programs and hooks must use paths relative to the working directory: ${jsonencode(data.external.status.program)}"
  }
}

run "read_only_is_not_part_of_any_trigger" {
  command = plan
  variables {
    read_only = true
  }

  assert {
    condition     = alltrue([for e in values(terraform_data.ensure) : !contains(keys(e.triggers_replace.spec), "read_only")]) && !contains(keys(data.external.status.query), "read_only")
    error_message = "read_only reaches only the ensure step's environment, so switching it is not a change"
  }
}

run "outputs_are_identifiers_only_and_each_key_has_its_own_steps" {
  # Applied, so the ensure steps and (at teardown) the destroy hooks run: a no-op command stands in for the shim.
  command = apply
  variables {
    shim_command = ["true"]
  }

  assert {
    condition     = output.clients.app.client_id == "00000000-0000-4000-8000-0000000000c1" && output.clients.web.secret_arn == "arn:aws:secretsmanager:us-east-1:123456789012:secret:web-AbCdEf"
    error_message = "each key's ids come from the result read"
  }
  assert {
    condition     = toset(keys(output.clients.app)) == toset(["client_id", "client_ids", "secret_arn", "secret_name", "secret_version_id", "standby_client_id"])
    error_message = "the output holds identifiers only"
  }
  assert {
    condition     = output.clients.app.standby_client_id == "00000000-0000-4000-8000-0000000000c3" && output.clients.app.client_ids == tolist(["00000000-0000-4000-8000-0000000000c1", "00000000-0000-4000-8000-0000000000c3"])
    error_message = "alternating: the standby id, and both ids with the current one first"
  }
  assert {
    condition     = output.clients.web.standby_client_id == "" && output.clients.web.client_ids == tolist(["00000000-0000-4000-8000-0000000000c2"])
    error_message = "in_place: no standby id, and client_ids holds the one client"
  }
  assert {
    condition     = terraform_data.cleanup["web"].input.environment.GENESYS_OAUTH_SHIM_SECRET_NAME == "genesys/web" && terraform_data.cleanup["app"].input.environment.GENESYS_OAUTH_SHIM_SECRET_NAME == "genesys/app"
    error_message = "each key's destroy hook finds its client from its own secret name (known at plan)"
  }
  assert {
    condition     = length(flatten([for c in values(terraform_data.cleanup) : [for k in keys(c.input.environment) : k if can(regex("(?i)(SECRET$|PASSWORD|TOKEN$|ACCESS_KEY)", k))]])) == 0
    error_message = "the destroy hooks' environment must never carry credentials"
  }
}
