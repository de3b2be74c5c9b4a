import * as cdk from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

// The stack: one unit that CloudFormation deploys (and deletes) as a whole.
export class StorageStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    // TODO: this bucket was copy-pasted from another team's stack.
    // Move it into a reusable construct, ArtifactStore (lib/artifact-store.ts),
    // and create that construct here instead.
    new s3.Bucket(this, 'Bucket', {
      versioned: true,
    });
  }
}
