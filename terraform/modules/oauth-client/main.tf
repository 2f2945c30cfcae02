# One Genesys Cloud OAuth client whose secret lives only in AWS Secrets Manager.
#
# Three pieces (see README.md, "How it works"):
#   terraform_data.spec    holds the non-secret spec; while it has pending changes the read below waits for apply
#   data.external.client   runs `<shim> external`: find/create/update the client, store the secret, return ids
#   terraform_data.cleanup remembers the ids and runs `<shim> delete` when destroyed

locals {
  # Element 0 is looked up on PATH; no shell is involved anywhere. The bundled shim ships inside this folder, so the
  # module works however it is sourced. path.module is relative to the root module (Terraform's working directory,
  # where both the external program and the destroy hook run), so no absolute path reaches state and a moved
  # checkout plans clean.
  shim_argv = var.shim_command != null ? var.shim_command : ["node", "${path.module}/shim/genesys-oauth-shim.mjs"]

  # The shim's query: every value a string, lists and maps as JSON, nulls dropped. Never credentials:
  # the shim reads those from the environment Terraform passes on.
  query = { for key, value in {
    name                          = var.name
    secret_name                   = var.secret_name
    authorized_grant_type         = var.authorized_grant_type
    description                   = var.description
    role_divisions                = jsonencode(var.role_divisions)
    redirect_uris                 = jsonencode(var.redirect_uris)
    scopes                        = jsonencode(var.scopes)
    access_token_validity_seconds = tostring(var.access_token_validity_seconds)
    rotation_trigger              = var.rotation_trigger
    kms_key_id                    = var.kms_key_id
    secret_tags                   = jsonencode(var.secret_tags)
    genesys_region                = var.genesys_region
    aws_region                    = var.aws_region
    adopt_client_id               = var.adopt_client_id
  } : key => value if value != null }

  # read_only says how to run, not what to build: it stays out of the gate, so switching it is not a change.
  external_query = merge(local.query, { read_only = tostring(var.read_only) })

  grant_takes_roles         = var.authorized_grant_type == "CLIENT-CREDENTIALS"
  grant_takes_redirect_uris = contains(["CODE", "TOKEN"], var.authorized_grant_type)
}

# The gate. A new client or a changed spec shows here as a pending change, which defers the read to apply, so a
# plan makes no Genesys or Secrets Manager write. With nothing pending the read runs at plan and writes nothing.
resource "terraform_data" "spec" {
  input = local.query

  # The combinations the shim rejects, with its wording, so they fail at plan instead of mid-apply.
  lifecycle {
    precondition {
      condition     = local.grant_takes_roles || length(var.role_divisions) == 0
      error_message = "invalid input \"role_divisions\": only applies to the CLIENT-CREDENTIALS grant, not ${var.authorized_grant_type}. Allowed: an empty list for other grants (their users' roles apply)."
    }
    precondition {
      condition     = local.grant_takes_redirect_uris || length(var.redirect_uris) == 0
      error_message = "invalid input \"redirect_uris\": only applies to the CODE and TOKEN grants, not ${var.authorized_grant_type}."
    }
    precondition {
      condition     = !local.grant_takes_redirect_uris || length(var.redirect_uris) > 0
      error_message = "invalid input \"redirect_uris\": is required for the ${var.authorized_grant_type} grant. Allowed: at least one absolute URI such as https://app.example.com/callback."
    }
    precondition {
      condition     = !local.grant_takes_roles || length(var.scopes) == 0
      error_message = "invalid input \"scopes\": does not apply to the CLIENT-CREDENTIALS grant (its roles decide what it may do). Allowed: an empty list."
    }
  }
}

data "external" "client" {
  program = concat(local.shim_argv, ["external"])
  query   = local.external_query

  depends_on = [terraform_data.spec]
}

# The destroy hook. A destroy-time provisioner may only read `self`, so the command and the ids are stored here.
# `interpreter` is the shim's argv and `command` the fixed word "delete": nothing is parsed by a shell, and the ids
# reach the shim only through the environment. Deleting is safe to repeat (a failed hook re-runs on the next apply).
resource "terraform_data" "cleanup" {
  # A new secret_name means a new secret and a new client: replacing this resource runs the destroy hook for the
  # old ones. Only values known at plan time may go here: the result is unknown whenever the read waits for apply,
  # and an unknown trigger would replace (and so delete) the very client being updated.
  triggers_replace = [var.secret_name]

  input = {
    command = local.shim_argv
    environment = { for key, value in {
      GENESYS_OAUTH_SHIM_CLIENT_ID            = data.external.client.result.client_id
      GENESYS_OAUTH_SHIM_SECRET_ARN           = data.external.client.result.secret_arn
      GENESYS_OAUTH_SHIM_RECOVERY_WINDOW_DAYS = var.recovery_window_in_days == 0 ? null : tostring(var.recovery_window_in_days)
      GENESYS_OAUTH_SHIM_FORCE_DELETE         = tostring(var.recovery_window_in_days == 0)
      GENESYS_OAUTH_SHIM_GENESYS_REGION       = var.genesys_region
      GENESYS_OAUTH_SHIM_AWS_REGION           = var.aws_region
    } : key => value if value != null }
  }

  provisioner "local-exec" {
    when        = destroy
    interpreter = self.input.command
    command     = "delete"
    environment = self.input.environment
  }
}
