import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/call-context.ts';

/** HeadBucket. https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html */
export const headBucket: S3Operation = {
  name: 'HeadBucket',
  iamAction: 's3:ListBucket',
  http: { method: 'HEAD', on: 'bucket' },
  async handle(call) {
    const bucket = ownedBucket(call);
    return { headers: { 'x-amz-bucket-region': bucket.record.region, 'x-amz-access-point-alias': 'false' } };
  },
};
