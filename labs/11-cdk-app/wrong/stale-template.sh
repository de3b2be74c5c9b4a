#!/bin/sh
# The template was synthesized when the construct held only the bucket, and
# never again after the queue was added: committed, but stale.
set -e
cat > cdk.out/StorageStack.template.json <<'JSON'
{
  "Resources": {
    "ArtifactsBucketB74007BD": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "VersioningConfiguration": {
          "Status": "Enabled"
        }
      },
      "UpdateReplacePolicy": "Retain",
      "DeletionPolicy": "Retain",
      "Metadata": {
        "aws:cdk:path": "StorageStack/Artifacts/Bucket/Resource"
      }
    }
  }
}
JSON
git add cdk.out
git commit -qm "chore(cdk): template"
