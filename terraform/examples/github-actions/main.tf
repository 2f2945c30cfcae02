# The root module the GitHub Actions workflow next to this file plans on pull requests and applies on main.
# Credentials come from the runner's environment, never from here (Terraform would store them in state):
#   GENESYSCLOUD_OAUTHCLIENT_ID + GENESYSCLOUD_OAUTHCLIENT_SECRET   repository or environment secrets
#   AWS                                                            OIDC role (aws-actions/configure-aws-credentials)

module "backend" {
  source = "../../modules/oauth-client"

  name                  = "${var.name_prefix}-backend"
  description           = "Backend integration (managed by Terraform in CI)"
  authorized_grant_type = "CLIENT-CREDENTIALS"
  role_divisions        = [for role_id in var.backend_role_ids : { role_id = role_id, division_id = var.division_id }]

  secret_name = "${var.secret_name_prefix}/backend"

  # Plans never write; read_only = true also makes an apply fail instead of writing. The workflow sets it on
  # pull requests, so a PR job cannot write even if someone adds an apply step to it.
  read_only = var.read_only

  genesys_region = var.genesys_region
  aws_region     = var.aws_region
}

output "backend_client_id" {
  description = "Id of the backend OAuth client."
  value       = module.backend.client_id
}

output "backend_secret_arn" {
  description = "ARN of the secret holding the backend client's secret (consumers read it at run time)."
  value       = module.backend.secret_arn
}
