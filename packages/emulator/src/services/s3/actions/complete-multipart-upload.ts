import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CompleteMultipartUploadOutput, CompleteMultipartUploadRequest } from '@aws-sdk/client-s3';
import {
  type ChecksumAlgorithm,
  checksumMember,
  checksumMemberName,
  createHasher,
} from '../payload/checksums.ts';
import { DigestStream } from '../payload/digest-stream.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import { listOf, parseXmlDocument, textOf } from '../protocol/xml.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';
import { parsePartNumber } from '../shared/part-number.ts';
import { nowIso } from '../shared/request-time.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { ObjectRecord, PartRecord, StoredChecksum } from '../store/types.ts';

/** Every part but the last must be at least 5 MiB. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

const unquote = (etag: string) => etag.replace(/"/g, '').trim();

/** The parts the request lists, checked against what was uploaded: order, existence, ETag, checksum. */
function chosenParts(requested: ReturnType<typeof listOf>, uploaded: Map<number, PartRecord>): PartRecord[] {
  if (requested.length === 0) throw s3Errors.malformedXml();
  let previous = 0;
  return requested.map((entry) => {
    const partNumber = parsePartNumber(textOf(entry, 'PartNumber')?.trim());
    const etag = textOf(entry, 'ETag');
    if (etag === undefined) throw s3Errors.malformedXml();
    if (partNumber <= previous) throw s3Errors.invalidPartOrder();
    previous = partNumber;
    const part = uploaded.get(partNumber);
    if (!part || unquote(part.etag) !== unquote(etag)) throw s3Errors.invalidPart();
    const claimed = part.checksumAlgorithm
      ? textOf(entry, checksumMemberName(part.checksumAlgorithm))
      : undefined;
    if (claimed !== undefined && claimed.trim() !== part.checksum) throw s3Errors.invalidPart();
    return part;
  });
}

/** S3's multipart ETag: MD5 of the concatenated binary part MD5s, then `-<part count>`. */
function multipartEtag(parts: PartRecord[]): string {
  const md5 = createHash('md5');
  for (const part of parts) md5.update(Buffer.from(unquote(part.etag), 'hex'));
  return `"${md5.digest('hex')}-${parts.length}"`;
}

/** COMPOSITE checksum: the algorithm over the concatenated raw part checksums, then `-<part count>`. */
async function compositeChecksum(algorithm: ChecksumAlgorithm, parts: PartRecord[]): Promise<string> {
  const hasher = createHasher(algorithm);
  for (const part of parts) hasher.update(Buffer.from(part.checksum ?? '', 'base64'));
  return `${(await hasher.digest()).toString('base64')}-${parts.length}`;
}

function concatenated(blobs: BlobStore, parts: PartRecord[]): Readable {
  return Readable.from(
    (async function* () {
      for (const part of parts) yield* blobs.read(part.blob);
    })(),
  );
}

/**
 * CompleteMultipartUpload — joins the listed parts into one object. Objects from uploads without a
 * checksum algorithm get a full-object CRC64NVME, as S3 computes for them.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
 */
export const completeMultipartUpload: S3Operation<
  CompleteMultipartUploadRequest,
  CompleteMultipartUploadOutput
> = {
  name: 'CompleteMultipartUpload',
  iamAction: 's3:PutObject',
  http: { method: 'POST', on: 'object', subresource: 'uploadId' },
  async handle(input, ctx, { store, body }) {
    const bucket = ownedBucket(store, ctx, input);
    const upload = store.uploadFor(bucket, input.Key, input.UploadId ?? '');
    const document = parseXmlDocument(await body.document(), 'CompleteMultipartUpload');
    const parts = chosenParts(listOf(document, 'Part'), upload.parts);
    if (parts.slice(0, -1).some((part) => part.size < MIN_PART_BYTES)) throw s3Errors.entityTooSmall();

    const { checksumAlgorithm, checksumType } = upload.record;
    const composite = checksumAlgorithm !== undefined && checksumType === 'COMPOSITE';
    if (composite && parts.some((part) => part.checksumAlgorithm !== checksumAlgorithm)) {
      throw s3Errors.invalidPart();
    }
    const fullAlgorithm: ChecksumAlgorithm = checksumAlgorithm ?? 'CRC64NVME';
    const fullHasher = composite ? undefined : createHasher(fullAlgorithm);
    const digest = new DigestStream(fullHasher ? [fullHasher] : []);
    const blob = await store.blobs.write(
      concatenated(store.blobs, parts).pipe(digest),
      ctx.principal.accountId,
    );
    const checksum: StoredChecksum =
      composite && checksumAlgorithm
        ? {
            algorithm: checksumAlgorithm,
            value: await compositeChecksum(checksumAlgorithm, parts),
            type: 'COMPOSITE',
          }
        : {
            algorithm: fullAlgorithm,
            value: (await (fullHasher ?? createHasher(fullAlgorithm)).digest()).toString('base64'),
            type: 'FULL_OBJECT',
          };
    const {
      uploadId: _id,
      bucket: _b,
      key: _k,
      initiated: _i,
      owner: _o,
      initiatorArn: _a,
      ...attributes
    } = upload.record;
    const { checksumAlgorithm: _ca, checksumType: _ct, ...objectAttributes } = attributes;
    const object: ObjectRecord = {
      ...objectAttributes,
      key: input.Key,
      blob: blob.id,
      size: blob.size,
      etag: multipartEtag(parts),
      lastModified: nowIso(ctx),
      checksum,
      partsCount: parts.length,
    };
    await store.putObject(bucket, object);
    await store.endUpload(upload);
    return {
      ServerSideEncryption: 'AES256',
      Location: `${ctx.runtime.endpoint}/${input.Bucket}/${encodeURI(input.Key)}`,
      Bucket: input.Bucket,
      Key: input.Key,
      ETag: object.etag,
      ...checksumMember(checksum.algorithm, checksum.value),
      ChecksumType: checksum.type,
    };
  },
};
