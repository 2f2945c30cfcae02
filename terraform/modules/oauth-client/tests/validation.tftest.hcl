# Mistakes the shim would reject fail at plan, with the shim's wording. No shim runs: the data sources are overridden.
# The grant/field combinations are the oauth-clients module's own checks (this module is its one-key call): its
# tests cover them.

override_data {
  target = module.clients.data.external.status
  values = {
    result = {
      clients        = "{\"this\":{\"state\":\"converged\",\"generation\":\"g1\",\"actions\":\"\",\"error\":\"\"}}"
      genesys_region = "us-east-1"
    }
  }
}

override_data {
  target = module.clients.data.external.result
  values = {
    result = {
      clients        = "{\"this\":{\"client_id\":\"00000000-0000-4000-8000-0000000000c1\",\"client_name\":\"app\",\"secret_arn\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf\",\"secret_name\":\"app\",\"secret_version_id\":\"00000000-0000-4000-8000-0000000000v1\"}}"
      errors         = "{}"
      genesys_region = "us-east-1"
    }
  }
}

variables {
  name           = "app"
  secret_name    = "app"
  role_divisions = [{ role_id = "role-1", division_id = "*" }]
}

run "a_valid_client_credentials_client_plans" {
  command = plan
}

run "unknown_region_is_refused" {
  command = plan
  variables {
    genesys_region = "europe"
  }
  expect_failures = [var.genesys_region]
}

run "region_names_and_domains_are_accepted" {
  command = plan
  variables {
    genesys_region = "login.MyPureCloud.ie"
  }
}

run "code_grant_with_redirect_uris_plans" {
  command = plan
  variables {
    role_divisions        = []
    authorized_grant_type = "CODE"
    redirect_uris         = ["https://app.example.com/callback"]
    scopes                = ["users:readonly"]
  }
}

run "reserved_tag_prefixes_are_refused" {
  command = plan
  variables {
    secret_tags = { "genesys-oauth-shim:claim" = "x" }
  }
  expect_failures = [var.secret_tags]
}

run "token_validity_out_of_range_is_refused" {
  command = plan
  variables {
    access_token_validity_seconds = 60
  }
  expect_failures = [var.access_token_validity_seconds]
}

run "recovery_window_out_of_range_is_refused" {
  command = plan
  variables {
    recovery_window_in_days = 3
  }
  expect_failures = [var.recovery_window_in_days]
}

run "unknown_rotation_strategy_is_refused" {
  command = plan
  variables {
    rotation_strategy = "blue_green"
  }
  expect_failures = [var.rotation_strategy]
}

run "alternating_rotation_plans" {
  command = plan
  variables {
    rotation_strategy = "alternating"
  }
}
