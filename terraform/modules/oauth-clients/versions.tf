terraform {
  # terraform_data needs 1.4; 1.5.7 is the oldest version the end-to-end suite runs (and OpenTofu 1.10).
  required_version = ">= 1.5.7"

  required_providers {
    external = {
      source  = "hashicorp/external"
      version = ">= 2.3"
    }
  }
}
