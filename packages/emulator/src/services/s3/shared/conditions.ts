import { s3Errors } from '../protocol/s3-errors.ts';
import type { ObjectRecord } from '../store/types.ts';

export interface Conditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifUnmodifiedSince?: string;
}

function etagMatches(list: string, etag: string): boolean {
  const bare = etag.replace(/"/g, '');
  return list.split(',').some((item) => {
    const candidate = item.trim().replace(/^W\//, '').replace(/"/g, '');
    return candidate === '*' || candidate === bare;
  });
}

/** HTTP dates have one-second precision, so compare whole seconds. */
function seconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

function parseDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

/**
 * Conditional GET/HEAD (RFC 9110 §13.2.2 as S3 applies it): If-Match, else If-Unmodified-Since, may fail
 * with 412; then If-None-Match, else If-Modified-Since, may answer 304 Not Modified.
 * Returns 'not-modified' for a 304; throws PreconditionFailed for a 412.
 */
export function evaluateConditions(conditions: Conditions, object: ObjectRecord): 'not-modified' | undefined {
  const modified = seconds(object.lastModified);
  if (conditions.ifMatch !== undefined) {
    if (!etagMatches(conditions.ifMatch, object.etag)) throw s3Errors.preconditionFailed('If-Match');
  } else {
    const since = parseDate(conditions.ifUnmodifiedSince);
    if (since !== undefined && modified > since) throw s3Errors.preconditionFailed('If-Unmodified-Since');
  }
  if (conditions.ifNoneMatch !== undefined) {
    if (etagMatches(conditions.ifNoneMatch, object.etag)) return 'not-modified';
  } else {
    const since = parseDate(conditions.ifModifiedSince);
    if (since !== undefined && modified <= since) return 'not-modified';
  }
  return undefined;
}

/** CopyObject's x-amz-copy-source-if-* headers: the same rules, but every failure is a 412. */
export function evaluateCopySourceConditions(conditions: Conditions, object: ObjectRecord): void {
  if (evaluateConditions(conditions, object) === 'not-modified') {
    throw s3Errors.preconditionFailed(
      conditions.ifNoneMatch !== undefined
        ? 'x-amz-copy-source-If-None-Match'
        : 'x-amz-copy-source-If-Modified-Since',
    );
  }
}
