import type { PutObjectOutput, PutObjectRequest } from '@aws-sdk/client-s3';
import { checksumMember } from '../payload/checksums.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';
import { attributesFromInput } from '../shared/object-attributes.ts';
import { assertValidKey } from '../shared/object-key.ts';
import { assertObjectAclAllowed } from '../shared/object-ownership.ts';
import { nowIso } from '../shared/request-time.ts';
import { checkWriteConditions } from '../shared/write-conditions.ts';
import type { ObjectRecord } from '../store/types.ts';

/** A single PUT is capped at 5 GiB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html). */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

/**
 * PutObject — the body streams straight into the blob store while every claimed digest is checked;
 * without a client checksum S3 computes CRC64NVME, so does this.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
 */
export const putObject: S3Operation<PutObjectRequest, PutObjectOutput> = {
  name: 'PutObject',
  iamAction: 's3:PutObject',
  http: { method: 'PUT', on: 'object' },
  async handle(input, ctx, { store, body }) {
    const bucket = ownedBucket(store, ctx, input);
    assertValidKey(input.Key);
    assertObjectAclAllowed(input);
    const attributes = attributesFromInput(input);
    checkWriteConditions(input, bucket.objects.get(input.Key));
    const blobs = store.blobs;
    const { result: blob, body: received } = await body.receive(
      (stream) => blobs.write(stream, ctx.principal.accountId),
      (written) => blobs.remove(written.id),
      { defaultAlgorithm: 'CRC64NVME', maxBytes: MAX_PUT_BYTES },
    );
    const object: ObjectRecord = {
      ...attributes,
      key: input.Key,
      blob: blob.id,
      size: received.size,
      etag: `"${received.md5Hex}"`,
      lastModified: nowIso(ctx),
      checksum: received.checksum && {
        algorithm: received.checksum.algorithm,
        value: received.checksum.value,
        type: 'FULL_OBJECT',
      },
    };
    try {
      checkWriteConditions(input, bucket.objects.get(input.Key));
    } catch (error) {
      await blobs.remove(blob.id);
      throw error;
    }
    await store.putObject(bucket, object);
    return {
      ETag: object.etag,
      ServerSideEncryption: 'AES256',
      ...checksumMember(object.checksum?.algorithm, object.checksum?.value),
      ChecksumType: object.checksum?.type,
    };
  },
};
