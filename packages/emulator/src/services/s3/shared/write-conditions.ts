import { s3Errors } from '../protocol/s3-errors.ts';
import type { S3Input } from '../s3-action.ts';
import type { ObjectRecord } from '../store/types.ts';

/**
 * Conditional writes (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html):
 * `If-None-Match: *` refuses to overwrite, `If-Match: "<etag>"` only overwrites that version.
 */
export function checkWriteConditions(
  input: S3Input<{ IfMatch?: string; IfNoneMatch?: string }>,
  existing: ObjectRecord | undefined,
): void {
  const ifNoneMatch = input.IfNoneMatch;
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== '*') {
      throw s3Errors.notImplemented('If-None-Match with a value other than * on writes');
    }
    if (existing) throw s3Errors.preconditionFailed('If-None-Match');
  }
  const ifMatch = input.IfMatch;
  if (ifMatch !== undefined) {
    if (!existing) throw s3Errors.noSuchKey(input.Key);
    if (ifMatch.replace(/"/g, '').trim() !== existing.etag.replace(/"/g, '')) {
      throw s3Errors.preconditionFailed('If-Match');
    }
  }
}
