import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/call-context.ts';
import { tagSetXml } from '../shared/tagging.ts';

/** GetBucketTagging — NoSuchTagSet when none. https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketTagging.html */
export const getBucketTagging: S3Operation = {
  name: 'GetBucketTagging',
  iamAction: 's3:GetBucketTagging',
  http: { method: 'GET', on: 'bucket', subresource: 'tagging' },
  async handle(call) {
    const { tags } = ownedBucket(call).record;
    if (!tags || tags.length === 0) throw s3Errors.noSuchTagSet(call.bucket);
    return { xml: { root: 'Tagging', value: tagSetXml(tags) } };
  },
};
