# `clients` holds, per key, the same fields as the oauth-client module's variables (docs/CONTRACTS.md); the other
# variables apply to every key. The validations mirror oauth-client's, with the same wording, and name the keys
# that fail them, so mistakes fail at plan.

variable "clients" {
  description = "The OAuth clients, by a key of your choosing (it names the client in errors and in the `clients` output). Each takes the fields of the oauth-client module: name and secret_name (required); authorized_grant_type (default CLIENT-CREDENTIALS), description, role_divisions, redirect_uris, scopes, access_token_validity_seconds (default 86400), rotation_trigger, kms_key_id, secret_tags, adopt_client_id."
  type = map(object({
    name                  = string
    secret_name           = string
    authorized_grant_type = optional(string, "CLIENT-CREDENTIALS")
    description           = optional(string)
    role_divisions = optional(list(object({
      role_id     = string
      division_id = string
    })), [])
    redirect_uris                 = optional(list(string), [])
    scopes                        = optional(list(string), [])
    access_token_validity_seconds = optional(number, 86400)
    rotation_trigger              = optional(string)
    kms_key_id                    = optional(string)
    secret_tags                   = optional(map(string), {})
    adopt_client_id               = optional(string)
  }))
  nullable = false

  validation {
    condition     = alltrue([for k, c in var.clients : length(trimspace(c.name)) > 0 && length(c.name) <= 255])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !(length(trimspace(c.name)) > 0 && length(c.name) <= 255)])}: name must be a non-empty string of at most 255 characters."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", c.secret_name))])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", c.secret_name))])}: secret_name must be 1-512 characters of A-Z a-z 0-9 / _ + = . @ -."
  }
  validation {
    # Two keys on one secret would fight over it: each run would take the secret from the other.
    condition     = length(distinct([for k, c in var.clients : c.secret_name])) == length(var.clients)
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if length([for o in values(var.clients) : o if o.secret_name == c.secret_name]) > 1])}: secret_name must be unique across the keys (one secret holds one client's secret)."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : c.authorized_grant_type != null && contains(["CODE", "TOKEN", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"], coalesce(c.authorized_grant_type, "-"))])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !contains(["CODE", "TOKEN", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"], coalesce(c.authorized_grant_type, "-"))])}: authorized_grant_type must be one of CODE, TOKEN, SAML2-BEARER, PASSWORD, CLIENT-CREDENTIALS."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : try(length(c.description) <= 1024, true)])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !try(length(c.description) <= 1024, true)])}: description must be at most 1024 characters."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : length(c.role_divisions) <= 100 && alltrue([for rd in c.role_divisions : length(trimspace(rd.role_id)) > 0 && length(trimspace(rd.division_id)) > 0])])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !(length(c.role_divisions) <= 100 && alltrue([for rd in c.role_divisions : length(trimspace(rd.role_id)) > 0 && length(trimspace(rd.division_id)) > 0]))])}: role_divisions takes at most 100 entries, each with a non-empty role_id and division_id."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : length(c.redirect_uris) <= 100 && alltrue([for uri in c.redirect_uris : can(regex("^[A-Za-z][A-Za-z0-9+.-]*://[^[:space:]]+$", uri))])])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !(length(c.redirect_uris) <= 100 && alltrue([for uri in c.redirect_uris : can(regex("^[A-Za-z][A-Za-z0-9+.-]*://[^[:space:]]+$", uri))]))])}: redirect_uris takes at most 100 absolute URIs such as https://app.example.com/callback."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : length(c.scopes) <= 100 && alltrue([for scope in c.scopes : length(trimspace(scope)) > 0])])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !(length(c.scopes) <= 100 && alltrue([for scope in c.scopes : length(trimspace(scope)) > 0]))])}: scopes takes at most 100 non-empty strings."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : c.access_token_validity_seconds >= 300 && c.access_token_validity_seconds <= 172800 && floor(c.access_token_validity_seconds) == c.access_token_validity_seconds])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !(c.access_token_validity_seconds >= 300 && c.access_token_validity_seconds <= 172800 && floor(c.access_token_validity_seconds) == c.access_token_validity_seconds)])}: access_token_validity_seconds must be a whole number between 300 and 172800."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : c.rotation_trigger != "" && try(length(c.rotation_trigger) <= 1024, true)])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !(c.rotation_trigger != "" && try(length(c.rotation_trigger) <= 1024, true))])}: rotation_trigger must be null or a non-empty string of at most 1024 characters."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : c.kms_key_id != "" && try(length(c.kms_key_id) <= 2048, true)])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !(c.kms_key_id != "" && try(length(c.kms_key_id) <= 2048, true))])}: kms_key_id must be null or a non-empty string of at most 2048 characters."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : c.adopt_client_id == null || can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", coalesce(c.adopt_client_id, "-")))])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !(c.adopt_client_id == null || can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", coalesce(c.adopt_client_id, "-"))))])}: invalid input \"adopt_client_id\": has an invalid format. Allowed: the id (a UUID) of an existing OAuth client."
  }
  # The grant/field combinations the shim rejects, with its wording, so they fail at plan before any program runs.
  validation {
    condition     = alltrue([for k, c in var.clients : c.authorized_grant_type == "CLIENT-CREDENTIALS" || length(c.role_divisions) == 0])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !(c.authorized_grant_type == "CLIENT-CREDENTIALS" || length(c.role_divisions) == 0)])}: invalid input \"role_divisions\": only applies to the CLIENT-CREDENTIALS grant. Allowed: an empty list for other grants (their users' roles apply)."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : contains(["CODE", "TOKEN"], coalesce(c.authorized_grant_type, "-")) || length(c.redirect_uris) == 0])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !(contains(["CODE", "TOKEN"], coalesce(c.authorized_grant_type, "-")) || length(c.redirect_uris) == 0)])}: invalid input \"redirect_uris\": only applies to the CODE and TOKEN grants."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : !contains(["CODE", "TOKEN"], coalesce(c.authorized_grant_type, "-")) || length(c.redirect_uris) > 0])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !(!contains(["CODE", "TOKEN"], coalesce(c.authorized_grant_type, "-")) || length(c.redirect_uris) > 0)])}: invalid input \"redirect_uris\": is required for the CODE and TOKEN grants. Allowed: at least one absolute URI such as https://app.example.com/callback."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : c.authorized_grant_type != "CLIENT-CREDENTIALS" || length(c.scopes) == 0])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !(c.authorized_grant_type != "CLIENT-CREDENTIALS" || length(c.scopes) == 0)])}: invalid input \"scopes\": does not apply to the CLIENT-CREDENTIALS grant (its roles decide what it may do). Allowed: an empty list."
  }
  validation {
    condition     = alltrue([for k, c in var.clients : length(c.secret_tags) <= 45 && alltrue([for tk, tv in c.secret_tags : length(tk) >= 1 && length(tk) <= 128 && length(tv) <= 256 && !can(regex("^(aws:|genesys-oauth-shim:)", tk))])])
    error_message = "${join(", ", [for k, c in var.clients : format("clients[%q]", k) if !(length(c.secret_tags) <= 45 && alltrue([for tk, tv in c.secret_tags : length(tk) >= 1 && length(tk) <= 128 && length(tv) <= 256 && !can(regex("^(aws:|genesys-oauth-shim:)", tk))]))])}: secret_tags takes at most 45 tags; keys 1-128 characters, not starting with aws: or genesys-oauth-shim:; values at most 256 characters."
  }
}
variable "genesys_region" {
  description = "Genesys Cloud region name (e.g. eu-west-1) or domain (e.g. mypurecloud.ie). Null uses GENESYSCLOUD_REGION, else us-east-1."
  type        = string
  default     = null

  # The same list as src/genesys/regions.ts (test/e2e/static.test.ts keeps them equal).
  validation {
    condition = var.genesys_region == null || contains([
      "us-east-1", "us-east-2", "us-west-2", "ca-central-1", "sa-east-1", "mx-central-1", "eu-west-1", "eu-west-2", "eu-central-1", "eu-central-2", "me-central-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "eusc-de-east-1",
      "mypurecloud.com", "use2.us-gov-pure.cloud", "usw2.pure.cloud", "cac1.pure.cloud", "sae1.pure.cloud", "mxc1.pure.cloud", "mypurecloud.ie", "euw2.pure.cloud", "mypurecloud.de", "euc2.pure.cloud", "mec1.pure.cloud", "aps1.pure.cloud", "mypurecloud.jp", "apne2.pure.cloud", "apne3.pure.cloud", "apse1.pure.cloud", "mypurecloud.com.au", "edee1.eusc-pure.cloud",
    ], trimprefix(trimprefix(lower(trimspace(coalesce(var.genesys_region, "-"))), "api."), "login."))
    error_message = "invalid input \"genesys_region\": unknown Genesys Cloud region. Allowed: a region name (us-east-1, us-east-2, us-west-2, ca-central-1, sa-east-1, mx-central-1, eu-west-1, eu-west-2, eu-central-1, eu-central-2, me-central-1, ap-south-1, ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-southeast-1, ap-southeast-2, eusc-de-east-1) or its domain (for example mypurecloud.ie)."
  }
}

variable "aws_region" {
  description = "AWS region of the secrets. Null uses the AWS SDK default chain (AWS_REGION, profile)."
  type        = string
  default     = null

  validation {
    condition     = var.aws_region == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.aws_region))
    error_message = "aws_region must be an AWS region name such as eu-west-1."
  }
}

variable "read_only" {
  description = "Make applies write nothing too: an apply that would create, update or rotate fails naming what it would write (plans never write in any case). Switching it is not a change."
  type        = bool
  default     = false
  nullable    = false
}

variable "recovery_window_in_days" {
  description = "When a key is removed or on destroy, days Secrets Manager keeps its secret before deleting it: 7-30, or 0 to delete it at once."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.recovery_window_in_days == 0 || (var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30 && floor(var.recovery_window_in_days) == var.recovery_window_in_days)
    error_message = "recovery_window_in_days must be 0 (delete at once) or a whole number from 7 to 30."
  }
}

variable "shim_command" {
  description = "Command that runs the shim, as a list, e.g. [\"genesys-oauth-shim\"] for a global install. The subcommand is appended. Null runs the bundle shipped in this module folder (shim/genesys-oauth-shim.mjs) with node."
  type        = list(string)
  default     = null

  validation {
    condition     = try(length(var.shim_command) > 0 && alltrue([for arg in var.shim_command : arg != ""]), true)
    error_message = "shim_command must be null or a non-empty list of non-empty strings."
  }
}
