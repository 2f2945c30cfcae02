# Not secrets: ids of your organization's division and roles. (Credentials never go in a .tfvars file.)
division_id      = "00000000-0000-4000-8000-000000000001"
backend_role_ids = ["00000000-0000-4000-8000-0000000000a2"]
