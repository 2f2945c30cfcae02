terraform {
  required_version = ">= 1.10" # S3 native state locking (use_lockfile)

  # State must outlive the runner: the apply on main reads what earlier applies wrote. Partial configuration: the
  # workflow passes bucket, key and region with -backend-config.
  backend "s3" {}

  required_providers {
    external = {
      source  = "hashicorp/external"
      version = ">= 2.3"
    }
  }
}
