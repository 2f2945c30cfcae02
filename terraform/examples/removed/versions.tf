terraform {
  # Provisioners in removed blocks.
  required_version = ">= 1.9"
}
