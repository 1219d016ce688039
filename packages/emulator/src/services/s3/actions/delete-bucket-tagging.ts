import type { DeleteBucketTaggingRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';

/** DeleteBucketTagging. https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketTagging.html */
export const deleteBucketTagging: S3Operation<DeleteBucketTaggingRequest> = {
  name: 'DeleteBucketTagging',
  iamAction: 's3:PutBucketTagging',
  http: { method: 'DELETE', on: 'bucket', subresource: 'tagging' },
  async handle(input, ctx, { store }) {
    await store.setBucketTags(ownedBucket(store, ctx, input), undefined);
    return {};
  },
};
