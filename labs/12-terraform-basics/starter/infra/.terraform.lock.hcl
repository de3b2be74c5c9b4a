# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.54.1"
  constraints = "~> 5.0"
  hashes = [
    "h1:+aq386lQKbFKhJ5Qx5Jm7Q5V9n1X0Yk9cnJ0Pfv8Mvo=",
    "zh:37c09b9a0a0a2f7f62e3d2d3f3e94e0f5d0e1b9a4a6ad4d0cfb0e58bb5c7f0a1",
  ]
}
