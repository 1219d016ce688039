import { CHECKSUM_ALGORITHMS, checksumHeaderName, parseChecksumAlgorithm } from '../payload/checksums.ts';
import { receiveBody } from '../payload/receive-body.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Call, S3Operation } from '../s3-action.ts';
import { nowIso, ownedBucket } from '../shared/call-context.ts';
import { parsePartNumber } from '../shared/part-number.ts';
import type { UploadRecord } from '../store/types.ts';

/** Parts are at most 5 GiB. */
const MAX_PART_BYTES = 5 * 1024 ** 3;

/** A part's checksum must be in the upload's algorithm when the upload declared one. */
function assertChecksumMatchesUpload(call: S3Call, upload: UploadRecord): void {
  if (!upload.checksumAlgorithm) return;
  const sent =
    CHECKSUM_ALGORITHMS.find((algorithm) => call.header(checksumHeaderName(algorithm)) !== undefined) ??
    parseChecksumAlgorithm(call.header('x-amz-trailer')?.replace(/^x-amz-checksum-/i, ''));
  if (sent && sent !== upload.checksumAlgorithm) {
    throw s3Errors.invalidRequest(
      `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm.toLowerCase()}, actual checksum Type: ${sent.toLowerCase()}`,
    );
  }
}

/** UploadPart. https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html */
export const uploadPart: S3Operation = {
  name: 'UploadPart',
  iamAction: 's3:PutObject',
  http: { method: 'PUT', on: 'object', subresource: 'uploadId' },
  async handle(call) {
    const bucket = ownedBucket(call);
    const partNumber = parsePartNumber(call.query.get('partNumber'));
    const upload = call.store.uploadFor(bucket, call.key, call.query.get('uploadId') ?? '');
    assertChecksumMatchesUpload(call, upload.record);
    const blobs = call.store.blobs;
    const { result: blob, body } = await receiveBody(
      call.request,
      call.ctx,
      (stream) => blobs.write(stream),
      (written) => blobs.remove(written.id),
      { defaultAlgorithm: upload.record.checksumAlgorithm, maxBytes: MAX_PART_BYTES },
    );
    const etag = `"${body.md5Hex}"`;
    await call.store.putPart(upload, {
      partNumber,
      blob: blob.id,
      size: body.size,
      etag,
      lastModified: nowIso(call),
      checksumAlgorithm: body.checksum?.algorithm,
      checksum: body.checksum?.value,
    });
    const headers: Record<string, string> = { etag, 'x-amz-server-side-encryption': 'AES256' };
    if (body.checksum) headers[checksumHeaderName(body.checksum.algorithm)] = body.checksum.value;
    return { headers };
  },
};
