import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

// A reusable construct: a versioned artefact bucket and the queue told of uploads.
export class ArtifactStore extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly uploads: sqs.Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      versioned: true,
    });
    this.uploads = new sqs.Queue(this, 'Uploads');
  }
}
