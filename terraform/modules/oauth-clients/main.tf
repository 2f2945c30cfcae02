# Genesys Cloud OAuth clients whose secrets live only in AWS Secrets Manager. Plans never write: every write
# happens in an apply-time step that Terraform marks failed (tainted) when it fails (see README.md, "How it works").
#
#   data.external.status        plan: what an apply would do per key, by reads only (one shim run for every key)
#   terraform_data.ensure[key]  apply: runs `<shim> ensure` for a key whose spec changed or whose status is pending
#   data.external.result        after the ensure steps (or at plan when none is pending): ids per key
#   terraform_data.cleanup[key] runs `<shim> delete` for the key's secret name when the key is removed or destroyed

locals {
  # Element 0 is looked up on PATH; no shell is involved anywhere. The bundled shim ships inside this folder, so the
  # module works however it is sourced. path.module is relative to the root module (Terraform's working directory,
  # where the programs and provisioners run), so no absolute path reaches state and a moved checkout plans clean.
  shim_argv = var.shim_command != null ? var.shim_command : ["node", "${path.module}/shim/genesys-oauth-shim.mjs"]

  # Per key, the shim's query: every value a string, lists and maps as JSON, nulls dropped. Never credentials:
  # the shim reads those from the environment Terraform passes on. rotation_strategy is sent only when not "in_place",
  # so the spec trigger of a state from before it stays the same (no plan diff on upgrade).
  queries = { for name, client in var.clients : name => { for key, value in {
    name                          = client.name
    secret_name                   = client.secret_name
    authorized_grant_type         = client.authorized_grant_type
    description                   = client.description
    role_divisions                = jsonencode(client.role_divisions)
    redirect_uris                 = jsonencode(client.redirect_uris)
    scopes                        = jsonencode(client.scopes)
    access_token_validity_seconds = tostring(client.access_token_validity_seconds)
    rotation_strategy             = client.rotation_strategy == "in_place" ? null : client.rotation_strategy
    rotation_trigger              = client.rotation_trigger
    kms_key_id                    = client.kms_key_id
    secret_tags                   = jsonencode(client.secret_tags)
    adopt_client_id               = client.adopt_client_id
  } : key => value if value != null } }

  regions = { for key, value in {
    genesys_region = var.genesys_region
    aws_region     = var.aws_region
  } : key => value if value != null }

  # Query values must be strings: the whole map travels as one JSON string.
  many_query = merge(local.regions, { clients = jsonencode(local.queries) })

  statuses = jsondecode(data.external.status.result.clients)
  results  = jsondecode(data.external.result.result.clients)
}

# Plan time, reads only: per key, converged (its generation is the one the last successful ensure recorded),
# pending (a fresh generation: the ensure step below is replaced, so the apply runs it) or error (the precondition
# below fails the plan with it). It never fails over what it finds, so it cannot block a destroy.
data "external" "status" {
  program = concat(local.shim_argv, ["external-many"])
  query   = merge(local.many_query, { phase = "status" })
}

# The destroy hook, one per key, created before and destroyed after the key's ensure step. It holds only values
# known at plan, so it exists even when no apply ever succeeded: `<shim> delete` finds the client from the secret
# (never creating anything) and keeps a secret this tool did not create. A new secret_name replaces it, which
# deletes the old client and secret. `interpreter` is the shim's argv and `command` the fixed word "delete":
# nothing is parsed by a shell.
resource "terraform_data" "cleanup" {
  for_each = local.queries

  # From var.clients, not each.value: one unknown field (a rotation_trigger computed at apply, such as
  # time_rotating's id) makes the whole null-filtered query unknown, and an unknown secret_name here would replace
  # this hook, which deletes the client and the secret.
  triggers_replace = [var.clients[each.key].secret_name]

  input = {
    command = local.shim_argv
    environment = { for key, value in {
      GENESYS_OAUTH_SHIM_SECRET_NAME          = var.clients[each.key].secret_name
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

# The only place anything is written, and only during apply. Replaced (so run) when the key's spec changes or its
# status is pending; a failure marks it tainted, so the next plan shows it again and the next apply retries it.
# It prints one line per key: what it did (created, adopted, updated, rotated, unchanged).
resource "terraform_data" "ensure" {
  for_each = local.queries

  triggers_replace = {
    spec       = merge(each.value, local.regions)
    generation = local.statuses[each.key].generation
  }

  lifecycle {
    precondition {
      condition     = local.statuses[each.key].state != "error"
      error_message = "clients[${jsonencode(each.key)}]: ${local.statuses[each.key].error}"
    }
  }

  provisioner "local-exec" {
    interpreter = local.shim_argv
    command     = "ensure"
    environment = {
      GENESYS_OAUTH_SHIM_QUERY      = jsonencode(merge(each.value, local.regions))
      GENESYS_OAUTH_SHIM_GENERATION = local.statuses[each.key].generation
      GENESYS_OAUTH_SHIM_READ_ONLY  = tostring(var.read_only)
    }
  }

  depends_on = [terraform_data.cleanup]
}

# Where each client and secret are: one DescribeSecret per key, no Genesys call. Deferred to apply (after the ensure
# steps) whenever one is pending; read at plan otherwise.
data "external" "result" {
  program = concat(local.shim_argv, ["external-many"])
  query   = merge(local.many_query, { phase = "result" })

  depends_on = [terraform_data.ensure]
}
