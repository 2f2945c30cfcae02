# One OAuth client whose secret is rotated on a schedule: hashicorp/time's time_rotating feeds rotation_trigger.
#
# Rotation happens only when Terraform runs. time_rotating does nothing by itself: once rotation_days have passed,
# the next plan shows it to be created again (with a new id), which changes rotation_trigger, and that apply
# regenerates the secret. A schedule with no plan/apply rotates nothing; run this from a scheduled pipeline.
#
# Credentials come from the environment, never from here:
#   GENESYSCLOUD_OAUTHCLIENT_ID + GENESYSCLOUD_OAUTHCLIENT_SECRET (a client holding oauth:client:* permissions)
#   AWS: the SDK default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, instance role...)

# Its id is the time it was (re)created, so it changes exactly when the rotation is due. Leave rfc3339 unset: a fixed
# base would give every re-creation the same id (and the same past expiry), so the secret would never rotate again.
resource "time_rotating" "client_secret" {
  rotation_days = var.rotation_days
}

module "integration" {
  source = "../../modules/oauth-client"

  name                  = var.name
  description           = "Rotated every ${var.rotation_days} days (managed by Terraform)"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  role_divisions        = [for role_id in var.role_ids : { role_id = role_id, division_id = var.division_id }]

  secret_name       = var.secret_name
  rotation_trigger  = time_rotating.client_secret.id
  rotation_strategy = var.rotation_strategy

  genesys_region          = var.genesys_region
  aws_region              = var.aws_region
  recovery_window_in_days = var.recovery_window_in_days
}
