import type { S3Call, S3Result } from '../s3-action.ts';
import { existingObject, ownedBucket } from './call-context.ts';
import { evaluateConditions } from './conditions.ts';
import { objectResponseHeaders } from './object-attributes.ts';
import { parseRange } from './range.ts';

/**
 * GetObject and HeadObject: conditional headers (304/412), one byte range (206/416), stored headers,
 * and the flexible checksum when asked with x-amz-checksum-mode: ENABLED (whole objects only, as on S3).
 */
export function serveObject(call: S3Call, withBody: boolean): S3Result {
  const bucket = ownedBucket(call);
  const object = existingObject(bucket, call.key);
  const verdict = evaluateConditions(
    {
      ifMatch: call.header('if-match'),
      ifNoneMatch: call.header('if-none-match'),
      ifModifiedSince: call.header('if-modified-since'),
      ifUnmodifiedSince: call.header('if-unmodified-since'),
    },
    object,
  );
  if (verdict === 'not-modified') {
    return {
      status: 304,
      headers: { etag: object.etag, 'last-modified': new Date(object.lastModified).toUTCString() },
    };
  }
  const range = parseRange(call.header('range'), object.size);
  const checksumMode = call.header('x-amz-checksum-mode')?.toUpperCase() === 'ENABLED' && range === undefined;
  const headers = objectResponseHeaders(object, { checksumMode, query: call.query });
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${object.size}`;
    headers['content-length'] = range.end - range.start + 1;
  } else {
    headers['content-length'] = object.size;
  }
  return {
    status: range ? 206 : 200,
    headers,
    body: withBody && object.size > 0 ? call.store.blobs.read(object.blob, range) : undefined,
  };
}
