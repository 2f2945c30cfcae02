variable "name" {
  description = "Name of the OAuth client."
  type        = string
  default     = "scheduled-rotation-example"
}

variable "secret_name" {
  description = "Name of the Secrets Manager secret that holds the client secret."
  type        = string
  default     = "genesys/oauth/scheduled-rotation-example"
}

variable "rotation_days" {
  description = "Days between rotations. A rotation happens at the first apply after they have passed."
  type        = number
  default     = 30

  validation {
    condition     = var.rotation_days >= 1 && floor(var.rotation_days) == var.rotation_days
    error_message = "rotation_days must be a whole number of days, at least 1."
  }
}

variable "rotation_strategy" {
  description = "in_place (one client: a consumer's cached credentials stop working at each rotation) or alternating (two clients: the previous credentials keep working until the next rotation)."
  type        = string
  default     = "in_place"
}

variable "division_id" {
  description = "Division in which the client's roles apply (e.g. the home division)."
  type        = string
}

variable "role_ids" {
  description = "Ids of the roles granted to the client."
  type        = list(string)
}

variable "genesys_region" {
  description = "Genesys Cloud region of the organization, e.g. eu-west-1."
  type        = string
  default     = "us-east-1"
}

variable "aws_region" {
  description = "AWS region of the secret."
  type        = string
  default     = "us-east-1"
}

variable "recovery_window_in_days" {
  description = "Recovery window of the secret on destroy; 0 deletes it at once."
  type        = number
  default     = 7
}
