# The module block `module "billing" { source = "../../modules/oauth-client" ... }` was deleted from the
# configuration. Terraform runs destroy provisioners only for resources still in the configuration, so without
# these blocks the client and its secret would be forgotten, not deleted. Each `removed` block takes one resource
# of the old module out of state; the first one runs the module's destroy hook (`<shim> delete`) on the way.
# Needs Terraform >= 1.9 (provisioners in removed blocks); the module's files must still be where its source
# pointed (true of a path in this repository; for a remote source keep the module installed, or use
# `terraform destroy -target=module.billing` before deleting the block).

removed {
  from = module.billing.module.clients.terraform_data.cleanup

  lifecycle {
    destroy = true
  }

  provisioner "local-exec" {
    when        = destroy
    interpreter = self.input.command
    command     = "delete"
    environment = self.input.environment
  }
}

removed {
  from = module.billing.module.clients.terraform_data.ensure

  lifecycle {
    destroy = true
  }
}
