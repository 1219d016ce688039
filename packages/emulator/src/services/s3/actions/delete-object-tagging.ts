import type { S3Operation } from '../s3-action.ts';
import { existingObject, ownedBucket } from '../shared/call-context.ts';

/** DeleteObjectTagging. https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjectTagging.html */
export const deleteObjectTagging: S3Operation = {
  name: 'DeleteObjectTagging',
  iamAction: 's3:DeleteObjectTagging',
  http: { method: 'DELETE', on: 'object', subresource: 'tagging' },
  async handle(call) {
    const bucket = ownedBucket(call);
    existingObject(bucket, call.key);
    await call.store.setObjectTags(bucket, call.key, []);
    return { status: 204 };
  },
};
