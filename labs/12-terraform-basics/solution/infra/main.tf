provider "aws" {
  region = var.region
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-${var.environment}-artifacts"
}

resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  versioning_configuration {
    status = "Enabled"
  }
}
