import { randomBytes } from 'node:crypto';
import type { CreateMultipartUploadOutput, CreateMultipartUploadRequest } from '@aws-sdk/client-s3';
import { parseChecksumAlgorithm } from '../payload/checksums.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';
import { attributesFromInput } from '../shared/object-attributes.ts';
import { assertValidKey } from '../shared/object-key.ts';
import { assertObjectAclAllowed } from '../shared/object-ownership.ts';
import { nowIso } from '../shared/request-time.ts';
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
export const createMultipartUpload: S3Operation<CreateMultipartUploadRequest, CreateMultipartUploadOutput> = {
  name: 'CreateMultipartUpload',
  iamAction: 's3:PutObject',
  http: { method: 'POST', on: 'object', subresource: 'uploads' },
  async handle(input, ctx, { store }) {
    const bucket = ownedBucket(store, ctx, input);
    assertValidKey(input.Key);
    assertObjectAclAllowed(input);
    const algorithmHeader = input.ChecksumAlgorithm;
    const checksumAlgorithm = parseChecksumAlgorithm(algorithmHeader);
    if (algorithmHeader !== undefined && !checksumAlgorithm) {
      throw s3Errors.invalidRequest('Checksum algorithm provided is unsupported.');
    }
    const type = checksumType(input.ChecksumType);
    const uploadId = randomBytes(32).toString('base64url');
    await store.createUpload({
      ...attributesFromInput(input),
      uploadId,
      bucket: bucket.record.name,
      key: input.Key,
      initiated: nowIso(ctx),
      owner: ctx.principal.accountId,
      initiatorArn: ctx.principal.arn,
      checksumAlgorithm,
      checksumType: checksumAlgorithm ? (type ?? 'COMPOSITE') : undefined,
    });
    return {
      ChecksumAlgorithm: checksumAlgorithm,
      ChecksumType: checksumAlgorithm ? (type ?? 'COMPOSITE') : undefined,
      Bucket: input.Bucket,
      Key: input.Key,
      UploadId: uploadId,
    };
  },
};
