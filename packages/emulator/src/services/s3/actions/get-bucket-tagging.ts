import type { GetBucketTaggingOutput, GetBucketTaggingRequest } from '@aws-sdk/client-s3';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';

/** GetBucketTagging — NoSuchTagSet when none. https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketTagging.html */
export const getBucketTagging: S3Operation<GetBucketTaggingRequest, GetBucketTaggingOutput> = {
  name: 'GetBucketTagging',
  iamAction: 's3:GetBucketTagging',
  http: { method: 'GET', on: 'bucket', subresource: 'tagging' },
  async handle(input, ctx, { store }) {
    const { tags } = ownedBucket(store, ctx, input).record;
    if (!tags || tags.length === 0) throw s3Errors.noSuchTagSet(input.Bucket);
    return { TagSet: tags.map(({ Key, Value }) => ({ Key, Value })) };
  },
};
