import type { GetObjectTaggingOutput, GetObjectTaggingRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { existingObject, ownedBucket } from '../shared/bucket-access.ts';

/** GetObjectTagging. https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectTagging.html */
export const getObjectTagging: S3Operation<GetObjectTaggingRequest, GetObjectTaggingOutput> = {
  name: 'GetObjectTagging',
  iamAction: 's3:GetObjectTagging',
  http: { method: 'GET', on: 'object', subresource: 'tagging' },
  async handle(input, ctx, { store }) {
    const object = existingObject(ownedBucket(store, ctx, input), input.Key);
    return { TagSet: object.tags.map(({ Key, Value }) => ({ Key, Value })) };
  },
};
