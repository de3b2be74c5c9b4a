#!/bin/sh
# Copy-paste instead of a construct: the stack declares the bucket and the
# queue itself, so the next team copies them again.
set -e
cat > lib/storage-stack.ts <<'TS'
import * as cdk from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class StorageStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    new s3.Bucket(this, 'Bucket', { versioned: true });
    new sqs.Queue(this, 'Uploads');
  }
}
TS
sh synth.sh
git add -A
git commit -qm "feat(cdk): bucket and queue in the stack"
