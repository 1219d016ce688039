import type { ChecksumAlgorithm } from '../payload/checksums.ts';
import { createHasher, parseChecksumAlgorithm } from '../payload/checksums.ts';
import { DigestStream } from '../payload/digest-stream.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Call, S3Operation } from '../s3-action.ts';
import { nowIso, ownedBucket, xmlTime } from '../shared/call-context.ts';
import { copySource } from '../shared/copy-source.ts';
import { attributesFromRequest } from '../shared/object-attributes.ts';
import { assertValidKey } from '../shared/object-key.ts';
import { parseTaggingHeader } from '../shared/tagging.ts';
import type { ObjectAttributes, ObjectRecord } from '../store/types.ts';

function directive(call: S3Call, header: string): 'COPY' | 'REPLACE' {
  const value = call.header(header) ?? 'COPY';
  if (value !== 'COPY' && value !== 'REPLACE') {
    throw s3Errors.invalidArgument(`Unknown ${header.replace('x-amz-', '')}.`, header, value);
  }
  return value;
}

function attributesOf(object: ObjectRecord): ObjectAttributes {
  const { contentType, cacheControl, contentDisposition, contentEncoding, contentLanguage, expires } = object;
  const { metadata, tags, storageClass } = object;
  return {
    contentType,
    cacheControl,
    contentDisposition,
    contentEncoding,
    contentLanguage,
    expires,
    metadata,
    tags,
    storageClass,
  };
}

/**
 * CopyObject — server-side copy within or across the caller's buckets; MetadataDirective and
 * TaggingDirective COPY (default) or REPLACE. The body is streamed into a new blob and re-digested,
 * so a copy of a multipart object gets a plain MD5 ETag, as on S3.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
 */
export const copyObject: S3Operation = {
  name: 'CopyObject',
  iamAction: 's3:PutObject',
  http: { method: 'PUT', on: 'object', copySource: true },
  async handle(call) {
    const target = ownedBucket(call);
    assertValidKey(call.key);
    const { bucket: sourceBucket, object: original } = copySource(call);
    const metadataDirective = directive(call, 'x-amz-metadata-directive');
    const taggingDirective = directive(call, 'x-amz-tagging-directive');
    const requested = parseChecksumAlgorithm(call.header('x-amz-checksum-algorithm'));
    const sameObject = sourceBucket === target && original.key === call.key;
    if (sameObject && metadataDirective === 'COPY' && !call.header('x-amz-storage-class') && !requested) {
      throw s3Errors.invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    const replaced =
      metadataDirective === 'REPLACE' ? attributesFromRequest(call.request, call.header) : undefined;
    const attributes: ObjectAttributes = replaced ?? {
      ...attributesOf(original),
      storageClass: call.header('x-amz-storage-class') ?? original.storageClass,
    };
    attributes.tags =
      taggingDirective === 'REPLACE' ? parseTaggingHeader(call.header('x-amz-tagging')) : original.tags;

    const algorithm: ChecksumAlgorithm = requested ?? original.checksum?.algorithm ?? 'CRC64NVME';
    const md5 = createHasher('MD5');
    const checksum = createHasher(algorithm);
    const digest = new DigestStream([md5, checksum]);
    const blob = await call.store.blobs.write(call.store.blobs.read(original.blob).pipe(digest));
    const object: ObjectRecord = {
      ...attributes,
      key: call.key,
      blob: blob.id,
      size: blob.size,
      etag: `"${(await md5.digest()).toString('hex')}"`,
      lastModified: nowIso(call),
      checksum: { algorithm, value: (await checksum.digest()).toString('base64'), type: 'FULL_OBJECT' },
    };
    await call.store.putObject(target, object);
    return {
      headers: { 'x-amz-server-side-encryption': 'AES256' },
      xml: {
        root: 'CopyObjectResult',
        value: {
          ETag: object.etag,
          LastModified: xmlTime(object.lastModified),
          [`Checksum${algorithm}`]: object.checksum?.value,
          ChecksumType: 'FULL_OBJECT',
        },
      },
    };
  },
};
