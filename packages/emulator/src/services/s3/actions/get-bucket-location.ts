import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/call-context.ts';

/**
 * GetBucketLocation — empty for us-east-1, as S3 answers for historical reasons.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
 */
export const getBucketLocation: S3Operation = {
  name: 'GetBucketLocation',
  iamAction: 's3:GetBucketLocation',
  http: { method: 'GET', on: 'bucket', subresource: 'location' },
  async handle(call) {
    const { region } = ownedBucket(call).record;
    return { xml: { root: 'LocationConstraint', value: { '#text': region === 'us-east-1' ? '' : region } } };
  },
};
