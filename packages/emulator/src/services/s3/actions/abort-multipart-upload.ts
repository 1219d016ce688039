import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/call-context.ts';

/** AbortMultipartUpload — frees every uploaded part. https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortMultipartUpload.html */
export const abortMultipartUpload: S3Operation = {
  name: 'AbortMultipartUpload',
  iamAction: 's3:AbortMultipartUpload',
  http: { method: 'DELETE', on: 'object', subresource: 'uploadId' },
  async handle(call) {
    const bucket = ownedBucket(call);
    await call.store.endUpload(call.store.uploadFor(bucket, call.key, call.query.get('uploadId') ?? ''));
    return { status: 204 };
  },
};
