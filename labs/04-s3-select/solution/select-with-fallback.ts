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
  // BEGIN SOLUTION 7
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
  if (error.name === 'MethodNotAllowed' || error.name === 'NotImplemented') return true;
  if (status === 405 || status === 501) return true;
  return status >= 500 && !(error instanceof S3ServiceException);
  // END SOLUTION
}

/**
 * S3 Select where the endpoint has it; otherwise download the object and run the same SQL with the same
 * serialization on the client (@cloudlab/s3-select), so the caller gets the same records either way.
 */
export async function selectWithFallback(
  s3: S3Client,
  query: SelectQuery,
): Promise<SelectOutcome & { via: SelectRoute }> {
  // BEGIN SOLUTION 7
  try {
    return { ...(await selectRecords(s3, query)), via: 'S3 Select' };
  } catch (error) {
    if (!selectUnavailable(error)) throw error;
  }
  const object = await s3.send(new GetObjectCommand({ Bucket: query.bucket, Key: query.key }));
  if (!object.Body) throw new Error(`GetObject answered no body for ${query.key}`);
  const result = select({
    expression: query.sql,
    // In Node the body is a stream, an AsyncIterable of chunks: select() reads it as it scans (and stops at a
    // LIMIT), so a 2 GB object never sits in memory whole.
    input: object.Body as AsyncIterable<Uint8Array>,
    inputSerialization: query.input,
    outputSerialization: { JSON: { RecordDelimiter: '\n' } },
    objectSize: object.ContentLength ?? 0,
    ...(query.scanRange ? { scanRange: { Start: query.scanRange.start, End: query.scanRange.end } } : {}),
  });
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of result.records) text += decoder.decode(chunk, { stream: true });
  text += decoder.decode();
  const records = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const stats = result.stats();
  return {
    records,
    stats: { scanned: stats.bytesScanned, processed: stats.bytesProcessed, returned: stats.bytesReturned },
    via: 'client-side',
  };
  // END SOLUTION
}
