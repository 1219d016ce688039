import type { GetBucketVersioningOutput, GetBucketVersioningRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';

/**
 * GetBucketVersioning — the emulator never versions, so the status is always absent (never enabled).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html
 */
export const getBucketVersioning: S3Operation<GetBucketVersioningRequest, GetBucketVersioningOutput> = {
  name: 'GetBucketVersioning',
  iamAction: 's3:GetBucketVersioning',
  http: { method: 'GET', on: 'bucket', subresource: 'versioning' },
  async handle(input, ctx, { store }) {
    ownedBucket(store, ctx, input);
    return {};
  },
};
