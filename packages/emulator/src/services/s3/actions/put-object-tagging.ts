import { receiveDocument } from '../payload/receive-body.ts';
import type { S3Operation } from '../s3-action.ts';
import { existingObject, ownedBucket } from '../shared/call-context.ts';
import { MAX_OBJECT_TAGS, parseTaggingDocument } from '../shared/tagging.ts';

/** PutObjectTagging — replaces the object's tag set. https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html */
export const putObjectTagging: S3Operation = {
  name: 'PutObjectTagging',
  iamAction: 's3:PutObjectTagging',
  http: { method: 'PUT', on: 'object', subresource: 'tagging' },
  async handle(call) {
    const bucket = ownedBucket(call);
    existingObject(bucket, call.key);
    const tags = parseTaggingDocument(await receiveDocument(call.request, call.ctx), MAX_OBJECT_TAGS);
    await call.store.setObjectTags(bucket, call.key, tags);
    return {};
  },
};
