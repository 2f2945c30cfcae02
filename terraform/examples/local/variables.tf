variable "name_prefix" {
  description = "Prefix of the OAuth client names."
  type        = string
  default     = "local-example"
}

variable "secret_name_prefix" {
  description = "Prefix (path) of the Secrets Manager secret names."
  type        = string
  default     = "local-example/genesys"
}

variable "description" {
  description = "Description of the backend client (change it to see an in-place update)."
  type        = string
  default     = "Backend integration (local example)"
}

variable "rotation_trigger" {
  description = "Change it to rotate the backend client's secret."
  type        = string
  default     = null
}

variable "recovery_window_in_days" {
  description = "Recovery window of the secrets on destroy; 0 deletes them at once."
  type        = number
  default     = 7
}
