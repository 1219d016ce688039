import type { PutObjectTaggingOutput, PutObjectTaggingRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { existingObject, ownedBucket } from '../shared/bucket-access.ts';
import { MAX_OBJECT_TAGS, parseTaggingDocument } from '../shared/tagging.ts';

/** PutObjectTagging — replaces the object's tag set. https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html */
export const putObjectTagging: S3Operation<PutObjectTaggingRequest, PutObjectTaggingOutput> = {
  name: 'PutObjectTagging',
  iamAction: 's3:PutObjectTagging',
  http: { method: 'PUT', on: 'object', subresource: 'tagging' },
  async handle(input, ctx, { store, body }) {
    const bucket = ownedBucket(store, ctx, input);
    existingObject(bucket, input.Key);
    const tags = parseTaggingDocument(await body.document(), MAX_OBJECT_TAGS);
    await store.setObjectTags(bucket, input.Key, tags);
    return {};
  },
};
