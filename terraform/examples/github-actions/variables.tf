variable "read_only" {
  description = "true on pull requests: the apply-time step fails instead of writing (plans never write anyway)."
  type        = bool
  default     = false
}

variable "genesys_region" {
  description = "Genesys Cloud region of the organization, e.g. eu-west-1."
  type        = string
  default     = "us-east-1"
}

variable "aws_region" {
  description = "AWS region of the secrets."
  type        = string
  default     = "us-east-1"
}

variable "name_prefix" {
  description = "Prefix of the OAuth client names."
  type        = string
  default     = "ci-example"
}

variable "secret_name_prefix" {
  description = "Prefix (path) of the Secrets Manager secret names."
  type        = string
  default     = "genesys/oauth"
}

variable "division_id" {
  description = "Division in which the backend client's roles apply (e.g. the home division)."
  type        = string
}

variable "backend_role_ids" {
  description = "Ids of the roles granted to the backend client."
  type        = list(string)
}
