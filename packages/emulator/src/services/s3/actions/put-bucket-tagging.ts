import { receiveDocument } from '../payload/receive-body.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/call-context.ts';
import { MAX_BUCKET_TAGS, parseTaggingDocument } from '../shared/tagging.ts';

/** PutBucketTagging — replaces the whole tag set. https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html */
export const putBucketTagging: S3Operation = {
  name: 'PutBucketTagging',
  iamAction: 's3:PutBucketTagging',
  http: { method: 'PUT', on: 'bucket', subresource: 'tagging' },
  async handle(call) {
    const bucket = ownedBucket(call);
    const tags = parseTaggingDocument(await receiveDocument(call.request, call.ctx), MAX_BUCKET_TAGS);
    await call.store.setBucketTags(bucket, tags);
    return { status: 204 };
  },
};
