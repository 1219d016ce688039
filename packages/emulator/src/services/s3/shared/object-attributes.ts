import type { WireRequest } from '../../../core/wire.ts';
import { checksumHeaderName } from '../payload/checksums.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
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

type HeaderReader = (name: string) => string | undefined;

/** The x-amz-meta-* headers, names lower-cased (Node already lower-cases them, as S3 stores them). */
export function userMetadata(request: WireRequest): Record<string, string> {
  const metadata: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(request.headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : value;
    const short = name.slice('x-amz-meta-'.length);
    metadata[short] = text;
    bytes += Buffer.byteLength(short) + Buffer.byteLength(text);
  }
  if (bytes > MAX_METADATA_BYTES) throw s3Errors.metadataTooLarge();
  return metadata;
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
export function attributesFromRequest(request: WireRequest, header: HeaderReader): ObjectAttributes {
  const storageClass = header('x-amz-storage-class');
  if (storageClass !== undefined && !STORAGE_CLASSES.has(storageClass)) {
    throw s3Errors.invalidArgument(
      'The storage class you specified is not valid',
      'x-amz-storage-class',
      storageClass,
    );
  }
  return {
    // S3's own default when a client sends no Content-Type.
    contentType: header('content-type') ?? 'binary/octet-stream',
    cacheControl: header('cache-control'),
    contentDisposition: header('content-disposition'),
    contentEncoding: storedContentEncoding(header('content-encoding')),
    contentLanguage: header('content-language'),
    expires: header('expires'),
    metadata: userMetadata(request),
    tags: parseTaggingHeader(header('x-amz-tagging')),
    storageClass: storageClass === 'STANDARD' ? undefined : storageClass,
  };
}

/** Response-header overrides GetObject accepts as query parameters (presigned download links use them). */
const OVERRIDES: [string, string][] = [
  ['response-content-type', 'content-type'],
  ['response-content-language', 'content-language'],
  ['response-expires', 'expires'],
  ['response-cache-control', 'cache-control'],
  ['response-content-disposition', 'content-disposition'],
  ['response-content-encoding', 'content-encoding'],
];

/** The headers GetObject and HeadObject answer with for an object. */
export function objectResponseHeaders(
  object: ObjectRecord,
  options: { checksumMode: boolean; query?: URLSearchParams },
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
  for (const [param, name] of OVERRIDES) {
    const value = options.query?.get(param);
    if (value !== null && value !== undefined) headers[name] = value;
  }
  return headers;
}
