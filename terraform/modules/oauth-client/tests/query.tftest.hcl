# This module is the oauth-clients module with one key ("this"): its inputs reach that key unchanged and its
# outputs are that key's. The query's shape is oauth-clients' own test. No shim runs: the data sources are
# overridden (override_during needs Terraform >= 1.11; the module itself needs only 1.5.7).

override_data {
  target          = module.clients.data.external.status
  override_during = plan
  values = {
    result = {
      clients        = "{\"this\":{\"state\":\"pending\",\"generation\":\"create-oauth-client/1a2b3c4d\",\"actions\":\"create OAuth client\",\"error\":\"\"}}"
      genesys_region = "us-east-1"
    }
  }
}

override_data {
  target          = module.clients.data.external.result
  override_during = plan
  values = {
    result = {
      clients        = "{\"this\":{\"client_id\":\"00000000-0000-4000-8000-0000000000c1\",\"standby_client_id\":\"00000000-0000-4000-8000-0000000000c3\",\"client_name\":\"app\",\"secret_arn\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf\",\"secret_name\":\"genesys/app\",\"secret_version_id\":\"00000000-0000-4000-8000-0000000000v1\"}}"
      errors         = "{}"
      genesys_region = "us-east-1"
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
  aws_region       = "eu-west-1"

  rotation_strategy = "alternating"
}

run "outputs_are_the_one_keys_identifiers" {
  # Applied, so the ensure step and (at teardown) the destroy hook run: a no-op command stands in for the shim.
  command = apply
  variables {
    shim_command = ["true"]
  }

  assert {
    condition     = output.client_id == "00000000-0000-4000-8000-0000000000c1" && output.secret_arn == "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf" && output.secret_version_id == "00000000-0000-4000-8000-0000000000v1"
    error_message = "client_id, secret_arn and secret_version_id come from the result read"
  }
  assert {
    condition     = output.standby_client_id == "00000000-0000-4000-8000-0000000000c3" && output.client_ids == tolist(["00000000-0000-4000-8000-0000000000c1", "00000000-0000-4000-8000-0000000000c3"])
    error_message = "standby_client_id and client_ids (current first) come from the result read"
  }
  assert {
    condition     = jsondecode(output.consumer_iam_policy_json).Statement[0].Resource == output.secret_arn
    error_message = "the consumer policy names this client's secret"
  }
  assert {
    condition     = contains(jsondecode(output.shim_iam_policy_json).Statement[0].Resource, "arn:aws:secretsmanager:eu-west-1:*:secret:genesys/app-??????")
    error_message = "the shim policy is scoped to this secret's name"
  }
}
