import type { PutBucketTaggingRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';
import { MAX_BUCKET_TAGS, parseTaggingDocument } from '../shared/tagging.ts';

/** PutBucketTagging — replaces the whole tag set. https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html */
export const putBucketTagging: S3Operation<PutBucketTaggingRequest> = {
  name: 'PutBucketTagging',
  iamAction: 's3:PutBucketTagging',
  http: { method: 'PUT', on: 'bucket', subresource: 'tagging' },
  async handle(input, ctx, { store, body }) {
    const bucket = ownedBucket(store, ctx, input);
    const tags = parseTaggingDocument(await body.document(), MAX_BUCKET_TAGS);
    await store.setBucketTags(bucket, tags);
    return {};
  },
};
