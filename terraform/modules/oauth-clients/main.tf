# Many Genesys Cloud OAuth clients whose secrets live only in AWS Secrets Manager, from ONE run of the shim.
#
# The oauth-client module's three pieces, per key where it matters (see README.md, "How it works"):
#   terraform_data.spec[key]    holds one key's non-secret spec; any pending change defers the read below to apply
#   data.external.clients       runs `<shim> external-many` once: ensures every key, returns ids per key (and errors)
#   terraform_data.cleanup[key] remembers one key's ids and runs `<shim> delete` when that key is removed or destroyed

locals {
  # As in oauth-client: element 0 is looked up on PATH, no shell, and path.module keeps absolute paths out of state.
  shim_argv = var.shim_command != null ? var.shim_command : ["node", "${path.module}/shim/genesys-oauth-shim.mjs"]

  # Per key, exactly oauth-client's query (every value a string, lists and maps as JSON, nulls dropped), so the shim
  # validates and ensures each key with the single-client code.
  queries = { for name, client in var.clients : name => { for key, value in {
    name                          = client.name
    secret_name                   = client.secret_name
    authorized_grant_type         = client.authorized_grant_type
    description                   = client.description
    role_divisions                = jsonencode(client.role_divisions)
    redirect_uris                 = jsonencode(client.redirect_uris)
    scopes                        = jsonencode(client.scopes)
    access_token_validity_seconds = tostring(client.access_token_validity_seconds)
    rotation_trigger              = client.rotation_trigger
    kms_key_id                    = client.kms_key_id
    secret_tags                   = jsonencode(client.secret_tags)
  } : key => value if value != null } }

  regions = { for key, value in {
    genesys_region = var.genesys_region
    aws_region     = var.aws_region
  } : key => value if value != null }

  # Query values must be strings: the whole map travels as one JSON string. read_only stays out of the gate.
  external_query = merge(local.regions, { clients = jsonencode(local.queries), read_only = tostring(var.read_only) })

  # The shim's answer: ids per key that converged, and a (redacted) error per key that did not.
  results = jsondecode(data.external.clients.result.clients)
  errors  = jsondecode(data.external.clients.result.errors)
}

# The gate, one instance per key, so a plan names exactly the keys that are new, changed or removed. Any pending
# change defers the one read to apply (a plan makes no Genesys or Secrets Manager write); with nothing pending the
# read runs at plan and writes nothing. The regions are part of every key's spec: changing them changes every key.
resource "terraform_data" "spec" {
  for_each = local.queries

  input = merge(each.value, local.regions)

  # The combinations the shim rejects, with its wording, so they fail at plan instead of mid-apply.
  lifecycle {
    precondition {
      condition     = var.clients[each.key].authorized_grant_type == "CLIENT-CREDENTIALS" || length(var.clients[each.key].role_divisions) == 0
      error_message = "clients[${jsonencode(each.key)}]: invalid input \"role_divisions\": only applies to the CLIENT-CREDENTIALS grant, not ${var.clients[each.key].authorized_grant_type}. Allowed: an empty list for other grants (their users' roles apply)."
    }
    precondition {
      condition     = contains(["CODE", "TOKEN"], var.clients[each.key].authorized_grant_type) || length(var.clients[each.key].redirect_uris) == 0
      error_message = "clients[${jsonencode(each.key)}]: invalid input \"redirect_uris\": only applies to the CODE and TOKEN grants, not ${var.clients[each.key].authorized_grant_type}."
    }
    precondition {
      condition     = !contains(["CODE", "TOKEN"], var.clients[each.key].authorized_grant_type) || length(var.clients[each.key].redirect_uris) > 0
      error_message = "clients[${jsonencode(each.key)}]: invalid input \"redirect_uris\": is required for the ${var.clients[each.key].authorized_grant_type} grant. Allowed: at least one absolute URI such as https://app.example.com/callback."
    }
    precondition {
      condition     = var.clients[each.key].authorized_grant_type != "CLIENT-CREDENTIALS" || length(var.clients[each.key].scopes) == 0
      error_message = "clients[${jsonencode(each.key)}]: invalid input \"scopes\": does not apply to the CLIENT-CREDENTIALS grant (its roles decide what it may do). Allowed: an empty list."
    }
  }
}

data "external" "clients" {
  program = concat(local.shim_argv, ["external-many"])
  query   = local.external_query

  depends_on = [terraform_data.spec]
}

# One destroy hook per key: removing a key destroys only its instance, whose hook deletes only that client and
# secret. As in oauth-client, the command is the `interpreter`, "delete" the fixed `command`, ids in `environment`.
resource "terraform_data" "cleanup" {
  for_each = local.queries

  # A new secret_name means a new secret and a new client: replacing the instance deletes the old ones.
  triggers_replace = [each.value.secret_name]

  input = {
    command = local.shim_argv
    environment = { for key, value in {
      GENESYS_OAUTH_SHIM_CLIENT_ID            = try(local.results[each.key].client_id, null)
      GENESYS_OAUTH_SHIM_SECRET_ARN           = try(local.results[each.key].secret_arn, null)
      GENESYS_OAUTH_SHIM_RECOVERY_WINDOW_DAYS = var.recovery_window_in_days == 0 ? null : tostring(var.recovery_window_in_days)
      GENESYS_OAUTH_SHIM_FORCE_DELETE         = tostring(var.recovery_window_in_days == 0)
      GENESYS_OAUTH_SHIM_GENESYS_REGION       = var.genesys_region
      GENESYS_OAUTH_SHIM_AWS_REGION           = var.aws_region
    } : key => value if value != null }
  }

  # A key the shim could not converge fails here, by name; the other keys' instances apply and keep their hooks.
  lifecycle {
    precondition {
      condition     = !contains(keys(local.errors), each.key) && contains(keys(local.results), each.key)
      error_message = "clients[${jsonencode(each.key)}] failed: ${lookup(local.errors, each.key, "the shim returned no result for this key")}"
    }
  }

  provisioner "local-exec" {
    when        = destroy
    interpreter = self.input.command
    command     = "delete"
    environment = self.input.environment
  }
}
