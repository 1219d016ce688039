import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/call-context.ts';

/** DeleteBucket — only an empty bucket. https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html */
export const deleteBucket: S3Operation = {
  name: 'DeleteBucket',
  iamAction: 's3:DeleteBucket',
  http: { method: 'DELETE', on: 'bucket' },
  async handle(call) {
    const bucket = ownedBucket(call);
    if (bucket.objects.size > 0) throw s3Errors.bucketNotEmpty(call.bucket);
    await call.store.deleteBucket(bucket);
    return { status: 204 };
  },
};
