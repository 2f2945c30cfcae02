# The same module against the local Genesys simulator and moto (AWS Secrets Manager emulator): no accounts needed.
# `make demo` runs it. The services are found through the environment, which demo.sh (or you) exports:
#   GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET   the simulator's admin client
#   GENESYS_OAUTH_SHIM_API_BASE_URL / GENESYS_OAUTH_SHIM_LOGIN_BASE_URL   the simulator's two listeners
#   AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (any), AWS_REGION   moto

locals {
  # Seeded, fixed ids of the simulator (docs/SIMULATOR.md).
  home_division_id = "00000000-0000-4000-8000-000000000001"
  employee_role_id = "00000000-0000-4000-8000-0000000000a2"
}

module "backend" {
  source = "../../modules/oauth-client"

  name                  = "${var.name_prefix}-backend"
  description           = var.description
  authorized_grant_type = "CLIENT-CREDENTIALS"
  role_divisions        = [{ role_id = local.employee_role_id, division_id = local.home_division_id }]
  rotation_trigger      = var.rotation_trigger

  secret_name = "${var.secret_name_prefix}/backend"
  secret_tags = { example = "local" }

  aws_region              = "us-east-1"
  recovery_window_in_days = var.recovery_window_in_days
}

module "web_app" {
  source = "../../modules/oauth-client"

  name                  = "${var.name_prefix}-web-app"
  description           = "Web app sign-in (local example)"
  authorized_grant_type = "CODE"
  redirect_uris         = ["http://localhost:3000/oauth/callback"]
  scopes                = ["users:readonly"]

  secret_name = "${var.secret_name_prefix}/web-app"

  access_token_validity_seconds = 3600
  aws_region                    = "us-east-1"
  recovery_window_in_days       = var.recovery_window_in_days
}
