# Written in a hurry: everything hard-coded, state kept on one laptop.
provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-dev-artifacts"
}
