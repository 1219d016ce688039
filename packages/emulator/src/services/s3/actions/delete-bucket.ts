import type { DeleteBucketRequest } from '@aws-sdk/client-s3';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';

/** DeleteBucket — only an empty bucket. https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html */
export const deleteBucket: S3Operation<DeleteBucketRequest> = {
  name: 'DeleteBucket',
  iamAction: 's3:DeleteBucket',
  http: { method: 'DELETE', on: 'bucket' },
  async handle(input, ctx, { store }) {
    const bucket = ownedBucket(store, ctx, input);
    if (bucket.objects.size > 0) throw s3Errors.bucketNotEmpty(input.Bucket);
    await store.deleteBucket(bucket);
    return {};
  },
};
