# One Genesys Cloud OAuth client whose secret lives only in AWS Secrets Manager: the oauth-clients module with one
# key, so both modules are one design with the same features (see README.md, "How it works"). Plans never write:
# every write happens in an apply-time step that Terraform marks failed (tainted) when it fails.

locals {
  # The one key. It appears in resource addresses (module.clients.terraform_data.ensure["this"]), never in Genesys.
  key = "this"

  # The bundle that oauth-clients ships, named from this module's own path: when the package was installed from an
  # absolute path, Terraform gives the child module an absolute path.module, which would put an absolute path in
  # state (and break a checkout that moves). This module's path.module stays relative to the working directory.
  shim_command = var.shim_command != null ? var.shim_command : ["node", "${path.module}/../oauth-clients/shim/genesys-oauth-shim.mjs"]
}

module "clients" {
  source = "../oauth-clients"

  clients = {
    (local.key) = {
      name                          = var.name
      secret_name                   = var.secret_name
      authorized_grant_type         = var.authorized_grant_type
      description                   = var.description
      role_divisions                = var.role_divisions
      redirect_uris                 = var.redirect_uris
      scopes                        = var.scopes
      access_token_validity_seconds = var.access_token_validity_seconds
      rotation_strategy             = var.rotation_strategy
      rotation_trigger              = var.rotation_trigger
      kms_key_id                    = var.kms_key_id
      secret_tags                   = var.secret_tags
      adopt_client_id               = var.adopt_client_id
    }
  }

  genesys_region          = var.genesys_region
  aws_region              = var.aws_region
  read_only               = var.read_only
  recovery_window_in_days = var.recovery_window_in_days
  shim_command            = local.shim_command
}

# Upgrades from 0.1 (which ran the ensure at plan, behind a terraform_data "spec" gate): the destroy hook keeps its
# place in state and now finds the client from the secret's name. The old gate has no successor; Terraform
# destroys it (it holds nothing) and creates the apply-time ensure step, whose first run writes nothing to Genesys
# for a client that is already as specified.
moved {
  from = terraform_data.cleanup
  to   = module.clients.terraform_data.cleanup["this"]
}
