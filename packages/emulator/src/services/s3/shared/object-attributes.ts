import type { GetObjectOutput, StorageClass } from '@aws-sdk/client-s3';
import { checksumMember } from '../payload/checksums.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Input } from '../s3-action.ts';
import type { ObjectAttributes, ObjectRecord } from '../store/types.ts';
import { parseTaggingHeader } from './tagging.ts';

/** User-defined metadata is limited to 2 KB (names plus values) on PUT. */
const MAX_METADATA_BYTES = 2 * 1024;
const STORAGE_CLASSES = new Set([
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'EXPRESS_ONEZONE',
]);

/** The members PutObject, CreateMultipartUpload and CopyObject (REPLACE) store with an object. */
interface AttributeInput {
  ContentType?: string;
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  Expires?: string;
  Metadata?: Record<string, string>;
  Tagging?: string;
  StorageClass?: string;
}

/** User metadata, at most 2 KB of names plus values. */
function userMetadata(metadata: Readonly<Record<string, string>> = {}): Record<string, string> {
  let bytes = 0;
  for (const [name, value] of Object.entries(metadata))
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  if (bytes > MAX_METADATA_BYTES) throw s3Errors.metadataTooLarge();
  return { ...metadata };
}

/** Content-Encoding as stored: the transport-only `aws-chunked` coding is not part of the object. */
function storedContentEncoding(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const codings = value
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding.toLowerCase() !== 'aws-chunked');
  return codings.length > 0 ? codings.join(',') : undefined;
}

/** What PutObject, CreateMultipartUpload and CopyObject (REPLACE) take from request headers. */
export function attributesFromInput(input: S3Input<AttributeInput>): ObjectAttributes {
  const storageClass = input.StorageClass;
  if (storageClass !== undefined && !STORAGE_CLASSES.has(storageClass)) {
    throw s3Errors.invalidArgument(
      'The storage class you specified is not valid',
      'x-amz-storage-class',
      storageClass,
    );
  }
  return {
    // S3's own default when a client sends no Content-Type.
    contentType: input.ContentType ?? 'binary/octet-stream',
    cacheControl: input.CacheControl,
    contentDisposition: input.ContentDisposition,
    contentEncoding: storedContentEncoding(input.ContentEncoding),
    contentLanguage: input.ContentLanguage,
    expires: input.Expires,
    metadata: userMetadata(input.Metadata),
    tags: parseTaggingHeader(input.Tagging),
    storageClass: storageClass === 'STANDARD' ? undefined : storageClass,
  };
}

/** Response-header overrides GetObject accepts as query parameters (presigned download links use them). */
export interface OverrideInput {
  ResponseContentType?: string;
  ResponseContentLanguage?: string;
  ResponseExpires?: string;
  ResponseCacheControl?: string;
  ResponseContentDisposition?: string;
  ResponseContentEncoding?: string;
}

/** The members GetObject and HeadObject answer with for an object (its headers on the wire). */
export type ObjectOutput = Omit<GetObjectOutput, 'Body'>;

/** GetObject's and HeadObject's output for an object, with the Response* overrides applied. */
export function objectOutput(
  object: ObjectRecord,
  options: { checksumMode: boolean; overrides: S3Input<OverrideInput> },
): ObjectOutput {
  const { overrides } = options;
  const checksum = options.checksumMode ? object.checksum : undefined;
  const output: ObjectOutput = {
    LastModified: new Date(object.lastModified),
    ETag: object.etag,
    ContentType: overrides.ResponseContentType ?? object.contentType,
    CacheControl: overrides.ResponseCacheControl ?? object.cacheControl,
    ContentDisposition: overrides.ResponseContentDisposition ?? object.contentDisposition,
    ContentEncoding: overrides.ResponseContentEncoding ?? object.contentEncoding,
    ContentLanguage: overrides.ResponseContentLanguage ?? object.contentLanguage,
    ExpiresString: overrides.ResponseExpires ?? object.expires,
    AcceptRanges: 'bytes',
    ServerSideEncryption: 'AES256',
    StorageClass: object.storageClass as StorageClass | undefined,
    TagCount: object.tags.length > 0 ? object.tags.length : undefined,
    PartsCount: object.partsCount,
    Metadata: Object.keys(object.metadata).length > 0 ? object.metadata : undefined,
  };
  // Added to the literal, not spread inside it: GetObject builds this on every request.
  if (checksum) Object.assign(output, checksumMember(checksum.algorithm, checksum.value));
  output.ChecksumType = checksum?.type;
  return output;
}
