import type { HeadBucketOutput, HeadBucketRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';

/** HeadBucket. https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html */
export const headBucket: S3Operation<HeadBucketRequest, HeadBucketOutput> = {
  name: 'HeadBucket',
  iamAction: 's3:ListBucket',
  http: { method: 'HEAD', on: 'bucket' },
  async handle(input, ctx, { store }) {
    const bucket = ownedBucket(store, ctx, input);
    return { BucketRegion: bucket.record.region, AccessPointAlias: false };
  },
};
