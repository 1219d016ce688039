import type { RequestContext } from '../../../core/types.ts';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Input } from '../s3-action.ts';
import type { BucketState, S3Store } from '../store/s3-store.ts';
import type { ObjectRecord } from '../store/types.ts';
import { existingObject } from './bucket-access.ts';
import { evaluateCopySourceConditions } from './conditions.ts';

/** The copy source members CopyObject and UploadPartCopy share. */
interface CopySourceInput {
  CopySource?: string;
  CopySourceIfMatch?: string;
  CopySourceIfNoneMatch?: string;
  CopySourceIfModifiedSince?: string;
  CopySourceIfUnmodifiedSince?: string;
}

/** `x-amz-copy-source`: `bucket/key` or `/bucket/key`, URL-encoded, optionally `?versionId=`. */
function parseCopySource(value: string | undefined): { bucket: string; key: string } {
  const path = (value ?? '').split('?')[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    decoded = '';
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw s3Errors.invalidArgument('Invalid copy source object key', 'x-amz-copy-source', value ?? '');
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

/**
 * The object a CopyObject / UploadPartCopy reads: in one of the caller's buckets, readable under their
 * policies (s3:GetObject), and passing the x-amz-copy-source-if-* conditions.
 */
export function copySource(
  input: S3Input<CopySourceInput>,
  ctx: RequestContext,
  store: S3Store,
): { bucket: BucketState; object: ObjectRecord } {
  const source = parseCopySource(input.CopySource);
  const bucket = store.bucketFor(ctx.principal.accountId, source.bucket);
  ctx.runtime.authorize(ctx, 's3:GetObject', `arn:aws:s3:::${source.bucket}/${source.key}`);
  const object = existingObject(bucket, source.key);
  evaluateCopySourceConditions(
    {
      ifMatch: input.CopySourceIfMatch,
      ifNoneMatch: input.CopySourceIfNoneMatch,
      ifModifiedSince: input.CopySourceIfModifiedSince,
      ifUnmodifiedSince: input.CopySourceIfUnmodifiedSince,
    },
    object,
  );
  return { bucket, object };
}
