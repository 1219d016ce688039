import { checksumHeaderName } from '../payload/checksums.ts';
import { receiveBody } from '../payload/receive-body.ts';
import type { S3Operation } from '../s3-action.ts';
import { nowIso, ownedBucket } from '../shared/call-context.ts';
import { attributesFromRequest } from '../shared/object-attributes.ts';
import { assertValidKey } from '../shared/object-key.ts';
import { checkWriteConditions } from '../shared/write-conditions.ts';
import type { ObjectRecord } from '../store/types.ts';

/** A single PUT is capped at 5 GiB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html). */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

/**
 * PutObject — the body streams straight into the blob store while every claimed digest is checked;
 * without a client checksum S3 computes CRC64NVME, so does this.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
 */
export const putObject: S3Operation = {
  name: 'PutObject',
  iamAction: 's3:PutObject',
  http: { method: 'PUT', on: 'object' },
  async handle(call) {
    const bucket = ownedBucket(call);
    assertValidKey(call.key);
    const attributes = attributesFromRequest(call.request, call.header);
    checkWriteConditions(call, bucket.objects.get(call.key));
    const blobs = call.store.blobs;
    const { result: blob, body } = await receiveBody(
      call.request,
      call.ctx,
      (stream) => blobs.write(stream),
      (written) => blobs.remove(written.id),
      { defaultAlgorithm: 'CRC64NVME', maxBytes: MAX_PUT_BYTES },
    );
    const object: ObjectRecord = {
      ...attributes,
      key: call.key,
      blob: blob.id,
      size: body.size,
      etag: `"${body.md5Hex}"`,
      lastModified: nowIso(call),
      checksum: body.checksum && {
        algorithm: body.checksum.algorithm,
        value: body.checksum.value,
        type: 'FULL_OBJECT',
      },
    };
    try {
      checkWriteConditions(call, bucket.objects.get(call.key));
    } catch (error) {
      await blobs.remove(blob.id);
      throw error;
    }
    await call.store.putObject(bucket, object);
    const headers: Record<string, string> = { etag: object.etag, 'x-amz-server-side-encryption': 'AES256' };
    if (object.checksum) {
      headers[checksumHeaderName(object.checksum.algorithm)] = object.checksum.value;
      headers['x-amz-checksum-type'] = object.checksum.type;
    }
    return { headers };
  },
};
