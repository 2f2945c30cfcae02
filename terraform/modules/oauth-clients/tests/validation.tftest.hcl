# Mistakes the shim would reject fail at plan, with the shim's wording, naming the keys at fault. No shim runs: the
# data sources are overridden.

override_data {
  target = data.external.status
  values = {
    result = {
      clients        = "{\"app\":{\"state\":\"converged\",\"generation\":\"g1\",\"actions\":\"\",\"error\":\"\"}}"
      genesys_region = "us-east-1"
    }
  }
}

override_data {
  target = data.external.result
  values = {
    result = {
      clients        = "{\"app\":{\"client_id\":\"00000000-0000-4000-8000-0000000000c1\",\"client_name\":\"app\",\"secret_arn\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf\",\"secret_name\":\"app\",\"secret_version_id\":\"00000000-0000-4000-8000-0000000000v1\"}}"
      errors         = "{}"
      genesys_region = "us-east-1"
    }
  }
}

variables {
  clients = {
    app = { name = "app", secret_name = "app", role_divisions = [{ role_id = "r", division_id = "*" }] }
  }
}

run "a_valid_client_credentials_client_plans" {
  command = plan
}

run "no_clients_plans" {
  command = plan
  variables {
    clients = {}
  }
}

run "unknown_region_is_refused" {
  command = plan
  variables {
    genesys_region = "europe"
  }
  expect_failures = [var.genesys_region]
}

run "empty_name_is_refused" {
  command = plan
  variables {
    clients = {
      app    = { name = "app", secret_name = "app", role_divisions = [{ role_id = "r", division_id = "*" }] }
      second = { name = " ", secret_name = "second", role_divisions = [{ role_id = "r", division_id = "*" }] }
    }
  }
  expect_failures = [var.clients]
}

run "one_secret_for_two_keys_is_refused" {
  command = plan
  variables {
    clients = {
      app    = { name = "app", secret_name = "shared", role_divisions = [{ role_id = "r", division_id = "*" }] }
      second = { name = "second", secret_name = "shared", role_divisions = [{ role_id = "r", division_id = "*" }] }
    }
  }
  expect_failures = [var.clients]
}

run "bad_secret_name_is_refused" {
  command = plan
  variables {
    clients = {
      app = { name = "app", secret_name = "has space", role_divisions = [{ role_id = "r", division_id = "*" }] }
    }
  }
  expect_failures = [var.clients]
}

run "unknown_grant_type_is_refused" {
  command = plan
  variables {
    clients = {
      app = { name = "app", secret_name = "app", authorized_grant_type = "IMPLICIT" }
    }
  }
  expect_failures = [var.clients]
}

run "code_grant_needs_redirect_uris" {
  command = plan
  variables {
    clients = {
      app = { name = "app", secret_name = "app", authorized_grant_type = "CODE" }
    }
  }
  expect_failures = [var.clients]
}

run "code_grant_with_redirect_uris_plans" {
  command = plan
  variables {
    clients = {
      app = { name = "app", secret_name = "app", authorized_grant_type = "CODE", redirect_uris = ["https://app.example.com/callback"], scopes = ["users:readonly"] }
    }
  }
}

run "scopes_do_not_apply_to_client_credentials" {
  command = plan
  variables {
    clients = {
      app = { name = "app", secret_name = "app", scopes = ["users:readonly"], role_divisions = [{ role_id = "r", division_id = "*" }] }
    }
  }
  expect_failures = [var.clients]
}

run "role_divisions_only_apply_to_client_credentials" {
  command = plan
  variables {
    clients = {
      app = { name = "app", secret_name = "app", authorized_grant_type = "TOKEN", redirect_uris = ["https://app.example.com/callback"], role_divisions = [{ role_id = "r", division_id = "d" }] }
    }
  }
  expect_failures = [var.clients]
}

run "redirect_uris_only_apply_to_code_and_token" {
  command = plan
  variables {
    clients = {
      app = { name = "app", secret_name = "app", redirect_uris = ["https://app.example.com/callback"], role_divisions = [{ role_id = "r", division_id = "*" }] }
    }
  }
  expect_failures = [var.clients]
}

run "reserved_tag_prefixes_are_refused" {
  command = plan
  variables {
    clients = {
      app = { name = "app", secret_name = "app", secret_tags = { "genesys-oauth-shim:claim" = "x" }, role_divisions = [{ role_id = "r", division_id = "*" }] }
    }
  }
  expect_failures = [var.clients]
}

run "token_validity_out_of_range_is_refused" {
  command = plan
  variables {
    clients = {
      app = { name = "app", secret_name = "app", access_token_validity_seconds = 60, role_divisions = [{ role_id = "r", division_id = "*" }] }
    }
  }
  expect_failures = [var.clients]
}

run "recovery_window_out_of_range_is_refused" {
  command = plan
  variables {
    recovery_window_in_days = 3
  }
  expect_failures = [var.recovery_window_in_days]
}

run "a_key_whose_status_could_not_be_read_fails_the_plan_by_name" {
  command = plan
  override_data {
    target = data.external.status
    values = {
      result = {
        clients        = "{\"app\":{\"state\":\"error\",\"generation\":\"error/1\",\"actions\":\"\",\"error\":\"the secret \\\"app\\\" exists but was not created by genesys-oauth-shim.\"}}"
        genesys_region = "us-east-1"
      }
    }
  }
  expect_failures = [terraform_data.ensure["app"]]
}

run "client_credentials_needs_roles" {
  command = plan
  variables {
    clients = {
      app = { name = "app", secret_name = "app" }
    }
  }
  expect_failures = [var.clients]
}

run "unknown_rotation_strategy_is_refused" {
  command = plan
  variables {
    clients = {
      app = { name = "app", secret_name = "app", role_divisions = [{ role_id = "r", division_id = "*" }], rotation_strategy = "alternate" }
    }
  }
  expect_failures = [var.clients]
}

run "alternating_refuses_a_name_its_second_client_cannot_carry" {
  # The second client is named "<name> (b)": 251 characters leave room for it, 252 do not.
  command = plan
  variables {
    clients = {
      app = { name = join("", [for i in range(252) : "n"]), secret_name = "app", role_divisions = [{ role_id = "r", division_id = "*" }], rotation_strategy = "alternating" }
    }
  }
  expect_failures = [var.clients]
}

run "alternating_takes_a_name_of_251_characters" {
  command = plan
  variables {
    clients = {
      app = { name = join("", [for i in range(251) : "n"]), secret_name = "app", role_divisions = [{ role_id = "r", division_id = "*" }], rotation_strategy = "alternating" }
    }
  }
}
