import { checksumHeaderName } from '../payload/checksums.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Bindings, S3Input } from '../s3-action.ts';
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

/** Where they travel: headers, and user metadata as x-amz-meta-* (names lower-cased, as S3 stores them). */
export const ATTRIBUTE_BINDINGS = {
  ContentType: { header: 'content-type' },
  CacheControl: { header: 'cache-control' },
  ContentDisposition: { header: 'content-disposition' },
  ContentEncoding: { header: 'content-encoding' },
  ContentLanguage: { header: 'content-language' },
  Expires: { header: 'expires' },
  Metadata: { headerPrefix: 'x-amz-meta-' },
  Tagging: { header: 'x-amz-tagging' },
  StorageClass: { header: 'x-amz-storage-class' },
} as const satisfies S3Bindings<AttributeInput>;

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

export const OVERRIDE_BINDINGS = {
  ResponseContentType: { query: 'response-content-type' },
  ResponseContentLanguage: { query: 'response-content-language' },
  ResponseExpires: { query: 'response-expires' },
  ResponseCacheControl: { query: 'response-cache-control' },
  ResponseContentDisposition: { query: 'response-content-disposition' },
  ResponseContentEncoding: { query: 'response-content-encoding' },
} as const satisfies S3Bindings<OverrideInput>;

/** Each override member and the header it replaces. */
const OVERRIDES: [keyof OverrideInput, string][] = [
  ['ResponseContentType', 'content-type'],
  ['ResponseContentLanguage', 'content-language'],
  ['ResponseExpires', 'expires'],
  ['ResponseCacheControl', 'cache-control'],
  ['ResponseContentDisposition', 'content-disposition'],
  ['ResponseContentEncoding', 'content-encoding'],
];

/** The headers GetObject and HeadObject answer with for an object. */
export function objectResponseHeaders(
  object: ObjectRecord,
  options: { checksumMode: boolean; overrides: S3Input<OverrideInput> },
): Record<string, string | number | undefined> {
  const headers: Record<string, string | number | undefined> = {
    'last-modified': new Date(object.lastModified).toUTCString(),
    etag: object.etag,
    'content-type': object.contentType,
    'cache-control': object.cacheControl,
    'content-disposition': object.contentDisposition,
    'content-encoding': object.contentEncoding,
    'content-language': object.contentLanguage,
    expires: object.expires,
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
    'x-amz-storage-class': object.storageClass,
    'x-amz-tagging-count': object.tags.length > 0 ? object.tags.length : undefined,
    'x-amz-mp-parts-count': object.partsCount,
  };
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
  if (options.checksumMode && object.checksum) {
    headers[checksumHeaderName(object.checksum.algorithm)] = object.checksum.value;
    headers['x-amz-checksum-type'] = object.checksum.type;
  }
  for (const [member, name] of OVERRIDES) {
    const value = options.overrides[member];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}
