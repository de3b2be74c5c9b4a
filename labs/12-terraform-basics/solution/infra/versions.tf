terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  # Remote state: one copy for the whole team, locked while someone applies.
  backend "s3" {
    bucket         = "acme-terraform-state"
    key            = "infra/artifacts.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "acme-terraform-locks"
    encrypt        = true
  }
}
