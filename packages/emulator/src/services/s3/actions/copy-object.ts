import type { CopyObjectOutput, CopyObjectRequest } from '@aws-sdk/client-s3';
import type { ChecksumAlgorithm } from '../payload/checksums.ts';
import { checksumMember, createHasher, parseChecksumAlgorithm } from '../payload/checksums.ts';
import { DigestStream } from '../payload/digest-stream.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Operation } from '../s3-action.ts';
import { ownedBucket } from '../shared/bucket-access.ts';
import { copySource } from '../shared/copy-source.ts';
import { attributesFromInput } from '../shared/object-attributes.ts';
import { assertValidKey } from '../shared/object-key.ts';
import { assertObjectAclAllowed } from '../shared/object-ownership.ts';
import { nowIso } from '../shared/request-time.ts';
import { parseTaggingHeader } from '../shared/tagging.ts';
import type { ObjectAttributes, ObjectRecord } from '../store/types.ts';

function directive(sent: string | undefined, header: string): 'COPY' | 'REPLACE' {
  const value = sent ?? 'COPY';
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
export const copyObject: S3Operation<CopyObjectRequest, CopyObjectOutput> = {
  name: 'CopyObject',
  iamAction: 's3:PutObject',
  http: { method: 'PUT', on: 'object', copySource: true },
  async handle(input, ctx, { store }) {
    const target = ownedBucket(store, ctx, input);
    assertValidKey(input.Key);
    assertObjectAclAllowed(input);
    const { bucket: sourceBucket, object: original } = copySource(input, ctx, store);
    const metadataDirective = directive(input.MetadataDirective, 'x-amz-metadata-directive');
    const taggingDirective = directive(input.TaggingDirective, 'x-amz-tagging-directive');
    const requested = parseChecksumAlgorithm(input.ChecksumAlgorithm);
    const sameObject = sourceBucket === target && original.key === input.Key;
    if (sameObject && metadataDirective === 'COPY' && !input.StorageClass && !requested) {
      throw s3Errors.invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    const replaced = metadataDirective === 'REPLACE' ? attributesFromInput(input) : undefined;
    const attributes: ObjectAttributes = replaced ?? {
      ...attributesOf(original),
      storageClass: input.StorageClass ?? original.storageClass,
    };
    attributes.tags = taggingDirective === 'REPLACE' ? parseTaggingHeader(input.Tagging) : original.tags;

    const algorithm: ChecksumAlgorithm = requested ?? original.checksum?.algorithm ?? 'CRC64NVME';
    const md5 = createHasher('MD5');
    const checksum = createHasher(algorithm);
    const digest = new DigestStream([md5, checksum]);
    const blob = await store.blobs.write(
      store.blobs.read(original.blob).pipe(digest),
      ctx.principal.accountId,
    );
    const object: ObjectRecord = {
      ...attributes,
      key: input.Key,
      blob: blob.id,
      size: blob.size,
      etag: `"${(await md5.digest()).toString('hex')}"`,
      lastModified: nowIso(ctx),
      checksum: { algorithm, value: (await checksum.digest()).toString('base64'), type: 'FULL_OBJECT' },
    };
    await store.putObject(target, object);
    return {
      ServerSideEncryption: 'AES256',
      CopyObjectResult: {
        ETag: object.etag,
        LastModified: new Date(object.lastModified),
        ...checksumMember(algorithm, object.checksum?.value),
        ChecksumType: 'FULL_OBJECT',
      },
    };
  },
};
