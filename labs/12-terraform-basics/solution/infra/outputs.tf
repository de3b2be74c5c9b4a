output "bucket_name" {
  description = "Name of the artefact bucket"
  value       = aws_s3_bucket.artifacts.bucket
}

output "bucket_arn" {
  description = "ARN of the artefact bucket"
  value       = aws_s3_bucket.artifacts.arn
}
