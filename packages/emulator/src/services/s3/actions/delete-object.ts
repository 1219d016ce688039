import type { DeleteObjectOutput, DeleteObjectRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';

/** DeleteObject — idempotent: a missing key is still 204. https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html */
export const deleteObject: S3Operation<DeleteObjectRequest, DeleteObjectOutput> = {
  name: 'DeleteObject',
  iamAction: 's3:DeleteObject',
  http: { method: 'DELETE', on: 'object' },
  async handle(input, ctx, { store }) {
    await store.deleteObject(ownedBucket(store, ctx, input), input.Key);
    return {};
  },
};
