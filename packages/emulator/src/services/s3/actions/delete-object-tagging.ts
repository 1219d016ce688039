import type { DeleteObjectTaggingOutput, DeleteObjectTaggingRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { existingObject, ownedBucket } from '../shared/bucket-access.ts';

/** DeleteObjectTagging. https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjectTagging.html */
export const deleteObjectTagging: S3Operation<DeleteObjectTaggingRequest, DeleteObjectTaggingOutput> = {
  name: 'DeleteObjectTagging',
  iamAction: 's3:DeleteObjectTagging',
  http: { method: 'DELETE', on: 'object', subresource: 'tagging' },
  async handle(input, ctx, { store }) {
    const bucket = ownedBucket(store, ctx, input);
    existingObject(bucket, input.Key);
    await store.setObjectTags(bucket, input.Key, []);
    return {};
  },
};
