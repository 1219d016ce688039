import type { AbortMultipartUploadOutput, AbortMultipartUploadRequest } from '@aws-sdk/client-s3';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';

/** AbortMultipartUpload — frees every uploaded part. https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortMultipartUpload.html */
export const abortMultipartUpload: S3Operation<AbortMultipartUploadRequest, AbortMultipartUploadOutput> = {
  name: 'AbortMultipartUpload',
  iamAction: 's3:AbortMultipartUpload',
  http: { method: 'DELETE', on: 'object', subresource: 'uploadId' },
  async handle(input, ctx, { store }) {
    const bucket = ownedBucket(store, ctx, input);
    await store.endUpload(store.uploadFor(bucket, input.Key, input.UploadId ?? ''));
    return {};
  },
};
