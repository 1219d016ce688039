import { randomBytes } from 'node:crypto';
import { parseChecksumAlgorithm } from '../payload/checksums.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Operation } from '../s3-action.ts';
import { nowIso, ownedBucket } from '../shared/call-context.ts';
import { attributesFromRequest } from '../shared/object-attributes.ts';
import { assertValidKey } from '../shared/object-key.ts';
import type { ChecksumType } from '../store/types.ts';

function checksumType(value: string | undefined): ChecksumType | undefined {
  if (value === undefined) return undefined;
  if (value !== 'FULL_OBJECT' && value !== 'COMPOSITE') {
    throw s3Errors.invalidRequest('Value for x-amz-checksum-type header is invalid.');
  }
  return value;
}

/**
 * CreateMultipartUpload — attributes are fixed here and applied on completion.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html
 */
export const createMultipartUpload: S3Operation = {
  name: 'CreateMultipartUpload',
  iamAction: 's3:PutObject',
  http: { method: 'POST', on: 'object', subresource: 'uploads' },
  async handle(call) {
    const bucket = ownedBucket(call);
    assertValidKey(call.key);
    const algorithmHeader = call.header('x-amz-checksum-algorithm');
    const checksumAlgorithm = parseChecksumAlgorithm(algorithmHeader);
    if (algorithmHeader !== undefined && !checksumAlgorithm) {
      throw s3Errors.invalidRequest('Checksum algorithm provided is unsupported.');
    }
    const type = checksumType(call.header('x-amz-checksum-type'));
    const uploadId = randomBytes(32).toString('base64url');
    await call.store.createUpload({
      ...attributesFromRequest(call.request, call.header),
      uploadId,
      bucket: bucket.record.name,
      key: call.key,
      initiated: nowIso(call),
      owner: call.ctx.principal.accountId,
      initiatorArn: call.ctx.principal.arn,
      checksumAlgorithm,
      checksumType: checksumAlgorithm ? (type ?? 'COMPOSITE') : undefined,
    });
    return {
      headers: {
        'x-amz-checksum-algorithm': checksumAlgorithm,
        'x-amz-checksum-type': checksumAlgorithm ? (type ?? 'COMPOSITE') : undefined,
      },
      xml: {
        root: 'InitiateMultipartUploadResult',
        value: { Bucket: call.bucket, Key: call.key, UploadId: uploadId },
      },
    };
  },
};
