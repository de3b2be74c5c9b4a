import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ArtifactStore } from './artifact-store';

// The stack: one unit that CloudFormation deploys (and deletes) as a whole.
export class StorageStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    new ArtifactStore(this, 'Artifacts');
  }
}
