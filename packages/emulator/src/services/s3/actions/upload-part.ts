import type { UploadPartOutput, UploadPartRequest } from '@aws-sdk/client-s3';
import { checksumMember } from '../payload/checksums.ts';
import type { RequestBody } from '../payload/request-body.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';
import { parsePartNumber } from '../shared/part-number.ts';
import { nowIso } from '../shared/request-time.ts';
import type { UploadRecord } from '../store/types.ts';

/** Parts are at most 5 GiB. */
const MAX_PART_BYTES = 5 * 1024 ** 3;

/** A part's checksum must be in the upload's algorithm when the upload declared one. */
function assertChecksumMatchesUpload(body: RequestBody, upload: UploadRecord): void {
  if (!upload.checksumAlgorithm) return;
  const sent = body.claimedAlgorithm();
  if (sent && sent !== upload.checksumAlgorithm) {
    throw s3Errors.invalidRequest(
      `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm.toLowerCase()}, actual checksum Type: ${sent.toLowerCase()}`,
    );
  }
}

/** UploadPart. https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html */
export const uploadPart: S3Operation<UploadPartRequest, UploadPartOutput> = {
  name: 'UploadPart',
  iamAction: 's3:PutObject',
  http: { method: 'PUT', on: 'object', subresource: 'uploadId' },
  async handle(input, ctx, { store, body }) {
    const bucket = ownedBucket(store, ctx, input);
    const partNumber = parsePartNumber(input.PartNumber);
    const upload = store.uploadFor(bucket, input.Key, input.UploadId ?? '');
    assertChecksumMatchesUpload(body, upload.record);
    const blobs = store.blobs;
    const { result: blob, body: received } = await body.receive(
      (stream) => blobs.write(stream, ctx.principal.accountId),
      (written) => blobs.remove(written.id),
      { defaultAlgorithm: upload.record.checksumAlgorithm, maxBytes: MAX_PART_BYTES },
    );
    const etag = `"${received.md5Hex}"`;
    await store.putPart(upload, {
      partNumber,
      blob: blob.id,
      size: received.size,
      etag,
      lastModified: nowIso(ctx),
      checksumAlgorithm: received.checksum?.algorithm,
      checksum: received.checksum?.value,
    });
    return {
      ETag: etag,
      ServerSideEncryption: 'AES256',
      ...checksumMember(received.checksum?.algorithm, received.checksum?.value),
    };
  },
};
