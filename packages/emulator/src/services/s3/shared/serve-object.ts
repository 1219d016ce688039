import type { Readable } from 'node:stream';
import type { RequestContext } from '../../../core/types.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Input } from '../s3-action.ts';
import type { S3Store } from '../store/s3-store.ts';
import { existingObject, ownedBucket } from './bucket-access.ts';
import { evaluateConditions } from './conditions.ts';
import { type ObjectOutput, type OverrideInput, objectOutput } from './object-attributes.ts';
import { parseRange } from './range.ts';

/** Archived until restored (RestoreObject, which the emulator does not serve): GetObject refuses to read them. */
const ARCHIVED = new Set(['GLACIER', 'DEEP_ARCHIVE']);

/** The members GetObject and HeadObject share. */
interface ServeInput extends OverrideInput {
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: string;
  IfUnmodifiedSince?: string;
  Range?: string;
  ChecksumMode?: string;
}

/**
 * GetObject and HeadObject: conditional headers (304/412), one byte range (206/416), stored headers,
 * and the flexible checksum when asked with x-amz-checksum-mode: ENABLED (whole objects only, as on S3).
 */
export function serveObject(
  input: S3Input<ServeInput>,
  ctx: RequestContext,
  store: S3Store,
  withBody: boolean,
): ObjectOutput & { Body?: Readable } {
  const bucket = ownedBucket(store, ctx, input);
  const object = existingObject(bucket, input.Key);
  if (withBody && ARCHIVED.has(object.storageClass ?? ''))
    throw s3Errors.invalidObjectState(object.storageClass!);
  const verdict = evaluateConditions(
    {
      ifMatch: input.IfMatch,
      ifNoneMatch: input.IfNoneMatch,
      ifModifiedSince: input.IfModifiedSince,
      ifUnmodifiedSince: input.IfUnmodifiedSince,
    },
    object,
  );
  if (verdict === 'not-modified') throw s3Errors.notModified(object.etag, object.lastModified);
  const range = parseRange(input.Range, object.size);
  const checksumMode = input.ChecksumMode?.toUpperCase() === 'ENABLED' && range === undefined;
  const output: ObjectOutput & { Body?: Readable } = objectOutput(object, { checksumMode, overrides: input });
  output.ContentLength = range ? range.end - range.start + 1 : object.size;
  output.ContentRange = range ? `bytes ${range.start}-${range.end}/${object.size}` : undefined;
  output.Body = withBody && object.size > 0 ? store.blobs.read(object.blob, range) : undefined;
  return output;
}
