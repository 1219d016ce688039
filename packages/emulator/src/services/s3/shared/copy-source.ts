import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Call } from '../s3-action.ts';
import type { BucketState } from '../store/s3-store.ts';
import type { ObjectRecord } from '../store/types.ts';
import { existingObject } from './call-context.ts';
import { evaluateCopySourceConditions } from './conditions.ts';

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
export function copySource(call: S3Call): { bucket: BucketState; object: ObjectRecord } {
  const source = parseCopySource(call.header('x-amz-copy-source'));
  const bucket = call.store.bucketFor(call.ctx.principal.accountId, source.bucket);
  call.ctx.runtime.authorize(call.ctx, 's3:GetObject', `arn:aws:s3:::${source.bucket}/${source.key}`);
  const object = existingObject(bucket, source.key);
  evaluateCopySourceConditions(
    {
      ifMatch: call.header('x-amz-copy-source-if-match'),
      ifNoneMatch: call.header('x-amz-copy-source-if-none-match'),
      ifModifiedSince: call.header('x-amz-copy-source-if-modified-since'),
      ifUnmodifiedSince: call.header('x-amz-copy-source-if-unmodified-since'),
    },
    object,
  );
  return { bucket, object };
}
