# Every variable maps to one key of the shim's `external` query (docs/CONTRACTS.md), except the last two, which
# only shape how the module runs the shim. The validations mirror the shim's own schema, so mistakes fail at plan.

variable "name" {
  description = "Name of the Genesys Cloud OAuth client. Names are not unique in Genesys; the shim keeps the id."
  type        = string
  nullable    = false

  validation {
    condition     = length(trimspace(var.name)) > 0 && length(var.name) <= 255
    error_message = "name must be a non-empty string of at most 255 characters."
  }
}

variable "secret_name" {
  description = "Name of the AWS Secrets Manager secret that receives the client secret (created if missing)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", var.secret_name))
    error_message = "secret_name must be 1-512 characters of A-Z a-z 0-9 / _ + = . @ -."
  }
}

variable "authorized_grant_type" {
  description = "OAuth grant type of the client: CODE, TOKEN, SAML2-BEARER, PASSWORD or CLIENT-CREDENTIALS."
  type        = string
  default     = "CLIENT-CREDENTIALS"
  nullable    = false

  validation {
    condition     = contains(["CODE", "TOKEN", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"], var.authorized_grant_type)
    error_message = "authorized_grant_type must be one of CODE, TOKEN, SAML2-BEARER, PASSWORD, CLIENT-CREDENTIALS."
  }
}

variable "description" {
  description = "Description of the OAuth client."
  type        = string
  default     = null

  validation {
    condition     = try(length(var.description) <= 1024, true)
    error_message = "description must be at most 1024 characters."
  }
}

variable "role_divisions" {
  description = "Roles granted to a CLIENT-CREDENTIALS client, each in one division."
  type = list(object({
    role_id     = string
    division_id = string
  }))
  default  = []
  nullable = false

  validation {
    condition     = length(var.role_divisions) <= 100 && alltrue([for rd in var.role_divisions : length(trimspace(rd.role_id)) > 0 && length(trimspace(rd.division_id)) > 0])
    error_message = "role_divisions takes at most 100 entries, each with a non-empty role_id and division_id."
  }
}

variable "redirect_uris" {
  description = "Registered redirect URIs (CODE and TOKEN grants)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = length(var.redirect_uris) <= 100 && alltrue([for uri in var.redirect_uris : can(regex("^[A-Za-z][A-Za-z0-9+.-]*://[^[:space:]]+$", uri))])
    error_message = "redirect_uris takes at most 100 absolute URIs such as https://app.example.com/callback."
  }
}

variable "scopes" {
  description = "OAuth scopes of the client (grants other than CLIENT-CREDENTIALS)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = length(var.scopes) <= 100 && alltrue([for scope in var.scopes : length(trimspace(scope)) > 0])
    error_message = "scopes takes at most 100 non-empty strings."
  }
}

variable "access_token_validity_seconds" {
  description = "Lifetime of the access tokens the client obtains, in seconds (300-172800)."
  type        = number
  default     = 86400
  nullable    = false

  validation {
    condition     = var.access_token_validity_seconds >= 300 && var.access_token_validity_seconds <= 172800 && floor(var.access_token_validity_seconds) == var.access_token_validity_seconds
    error_message = "access_token_validity_seconds must be a whole number between 300 and 172800."
  }
}

variable "rotation_trigger" {
  description = "Any string; changing it regenerates the client secret and stores it as a new secret version."
  type        = string
  default     = null

  validation {
    condition     = var.rotation_trigger != "" && try(length(var.rotation_trigger) <= 1024, true)
    error_message = "rotation_trigger must be null or a non-empty string of at most 1024 characters."
  }
}

variable "kms_key_id" {
  description = "KMS key (id, ARN or alias) that encrypts the secret. Null uses the AWS managed key aws/secretsmanager."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_id != "" && try(length(var.kms_key_id) <= 2048, true)
    error_message = "kms_key_id must be null or a non-empty string of at most 2048 characters."
  }
}

variable "secret_tags" {
  description = "Tags added to the secret, besides the tags the shim uses to mark the secret as its own."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = length(var.secret_tags) <= 45 && alltrue([for k, v in var.secret_tags : length(k) >= 1 && length(k) <= 128 && length(v) <= 256 && !can(regex("^(aws:|genesys-oauth-shim:)", k))])
    error_message = "secret_tags takes at most 45 tags; keys 1-128 characters, not starting with aws: or genesys-oauth-shim:; values at most 256 characters."
  }
}

variable "adopt_client_id" {
  description = "Id of an existing OAuth client to take over instead of creating one (see docs/MIGRATING.md). Its secret is regenerated once, since Genesys cannot return the old one; a client another secret of this tool manages is refused. Acts only while the secret holds no value yet."
  type        = string
  default     = null

  validation {
    condition     = var.adopt_client_id == null || can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", var.adopt_client_id))
    error_message = "invalid input \"adopt_client_id\": has an invalid format. Allowed: the id (a UUID) of an existing OAuth client."
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
  description = "AWS region of the secret. Null uses the AWS SDK default chain (AWS_REGION, profile)."
  type        = string
  default     = null

  validation {
    condition     = var.aws_region == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.aws_region))
    error_message = "aws_region must be an AWS region name such as eu-west-1."
  }
}

variable "read_only" {
  description = "Only look the client and secret up; never create, update or rotate (for plans run with read-only credentials). Switching it is not a change. A plan of an existing, unchanged client makes no write; one whose client is new or changed shows the pending change, and an apply in read-only mode fails saying what it would write."
  type        = bool
  default     = false
  nullable    = false
}

variable "recovery_window_in_days" {
  description = "On destroy, days Secrets Manager keeps the secret before deleting it: 7-30, or 0 to delete it at once."
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
