# Two OAuth clients in a real Genesys Cloud organization, their secrets in AWS Secrets Manager.
#
# Credentials come from the environment, never from here:
#   GENESYSCLOUD_OAUTHCLIENT_ID + GENESYSCLOUD_OAUTHCLIENT_SECRET (a client holding oauth:client:* permissions)
#   AWS: the SDK default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, instance role...)

# A machine-to-machine client: client credentials grant, with roles.
module "backend" {
  source = "../../modules/oauth-client"

  name                  = "${var.name_prefix}-backend"
  description           = "Backend integration (managed by Terraform)"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  role_divisions        = [for role_id in var.backend_role_ids : { role_id = role_id, division_id = var.division_id }]

  secret_name = "${var.secret_name_prefix}/backend"
  secret_tags = { team = "integrations" }

  genesys_region          = var.genesys_region
  aws_region              = var.aws_region
  recovery_window_in_days = 7
}

# A user-facing web app: authorization code grant, with redirect URIs and scopes.
module "web_app" {
  source = "../../modules/oauth-client"

  name                  = "${var.name_prefix}-web-app"
  description           = "Web app sign-in (managed by Terraform)"
  authorized_grant_type = "CODE"
  redirect_uris         = var.web_app_redirect_uris
  scopes                = ["users:readonly", "conversations:readonly"]

  secret_name = "${var.secret_name_prefix}/web-app"

  access_token_validity_seconds = 3600
  genesys_region                = var.genesys_region
  aws_region                    = var.aws_region
}
