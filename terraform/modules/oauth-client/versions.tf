terraform {
  # terraform_data (the spec gate and the destroy hook) needs 1.4.
  required_version = ">= 1.4"

  required_providers {
    external = {
      source  = "hashicorp/external"
      version = ">= 2.3"
    }
  }
}
