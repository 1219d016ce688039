import type { UploadPartCopyOutput, UploadPartCopyRequest } from '@aws-sdk/client-s3';
import { checksumMember, createHasher } from '../payload/checksums.ts';
import { DigestStream } from '../payload/digest-stream.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';
import { copySource } from '../shared/copy-source.ts';
import { parsePartNumber } from '../shared/part-number.ts';
import { nowIso } from '../shared/request-time.ts';
import type { ByteRange } from '../store/types.ts';

/** `x-amz-copy-source-range: bytes=first-last`, both required and inside the source object. */
function copyRange(value: string | undefined, size: number): ByteRange | undefined {
  if (value === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d+)$/.exec(value.trim());
  const start = Number(match?.[1]);
  const end = Number(match?.[2]);
  if (!match || end < start || end >= size) {
    throw s3Errors.invalidArgument(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      'x-amz-copy-source-range',
      value,
    );
  }
  return { start, end };
}

/**
 * UploadPartCopy — a part taken from an existing object (whole or a byte range); the AWS CLI uses it to
 * copy large objects. https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html
 */
export const uploadPartCopy: S3Operation<UploadPartCopyRequest, UploadPartCopyOutput> = {
  name: 'UploadPartCopy',
  iamAction: 's3:PutObject',
  http: { method: 'PUT', on: 'object', subresource: 'uploadId', copySource: true },
  async handle(input, ctx, { store }) {
    const bucket = ownedBucket(store, ctx, input);
    const partNumber = parsePartNumber(input.PartNumber);
    const upload = store.uploadFor(bucket, input.Key, input.UploadId ?? '');
    const { object } = copySource(input, ctx, store);
    const range = copyRange(input.CopySourceRange, object.size);
    const md5 = createHasher('MD5');
    const algorithm = upload.record.checksumAlgorithm;
    const checksum = algorithm ? createHasher(algorithm) : undefined;
    const digest = new DigestStream(checksum ? [md5, checksum] : [md5]);
    const blob = await store.blobs.write(
      store.blobs.read(object.blob, range).pipe(digest),
      ctx.principal.accountId,
    );
    const etag = `"${(await md5.digest()).toString('hex')}"`;
    const checksumValue = checksum ? (await checksum.digest()).toString('base64') : undefined;
    const lastModified = nowIso(ctx);
    await store.putPart(upload, {
      partNumber,
      blob: blob.id,
      size: blob.size,
      etag,
      lastModified,
      checksumAlgorithm: algorithm,
      checksum: checksumValue,
    });
    return {
      ServerSideEncryption: 'AES256',
      CopyPartResult: {
        ETag: etag,
        LastModified: new Date(lastModified),
        ...checksumMember(algorithm, checksumValue),
      },
    };
  },
};
