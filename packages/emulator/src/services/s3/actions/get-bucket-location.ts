import type {
  BucketLocationConstraint,
  GetBucketLocationOutput,
  GetBucketLocationRequest,
} from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';

/**
 * GetBucketLocation — empty for us-east-1, as S3 answers for historical reasons.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
 */
export const getBucketLocation: S3Operation<GetBucketLocationRequest, GetBucketLocationOutput> = {
  name: 'GetBucketLocation',
  iamAction: 's3:GetBucketLocation',
  http: { method: 'GET', on: 'bucket', subresource: 'location' },
  async handle(input, ctx, { store }) {
    const { region } = ownedBucket(store, ctx, input).record;
    return { LocationConstraint: region === 'us-east-1' ? undefined : (region as BucketLocationConstraint) };
  },
};
