import { GetObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { select } from '@cloudlab/s3-select';
import type { SelectOutcome, SelectQuery } from './formats.ts';
import { selectRecords } from './select-records.ts';

export type SelectRoute = 'S3 Select' | 'client-side';

/**
 * True when the endpoint does not offer S3 Select at all, as opposed to refusing this query. AWS has been
 * reported to answer accounts that never used S3 Select with MethodNotAllowed (405); endpoints without the
 * operation answer NotImplemented (501); emulators with a partial S3 Select (moto) crash with a 5xx whose
 * body is no AWS error at all, so the SDK cannot name a code and throws a plain Error. AWS's own 5xx
 * (InternalError, SlowDown) are S3ServiceExceptions: transient, not a missing feature.
 */
export function selectUnavailable(error: unknown): boolean {
  throw new Error('TODO(7): Fall back to client-side SQL — see README.md, exercise 7');
}

/**
 * S3 Select where the endpoint has it; otherwise download the object and run the same SQL with the same
 * serialization on the client (@cloudlab/s3-select), so the caller gets the same records either way.
 */
export async function selectWithFallback(
  s3: S3Client,
  query: SelectQuery,
): Promise<SelectOutcome & { via: SelectRoute }> {
  throw new Error('TODO(7): Fall back to client-side SQL — see README.md, exercise 7');
}
