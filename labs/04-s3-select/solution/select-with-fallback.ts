import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { select } from '@cloudlab/s3-select';
import type { SelectOutcome, SelectQuery } from './formats.ts';
import { selectRecords } from './select-records.ts';

export type SelectRoute = 'S3 Select' | 'client-side';

/**
 * True when the endpoint does not offer S3 Select at all, as opposed to refusing this query: AWS answers
 * accounts that never used S3 Select with MethodNotAllowed (405); endpoints without the operation answer
 * NotImplemented (501).
 */
export function selectUnavailable(error: unknown): boolean {
  // BEGIN SOLUTION 7
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (
    error.name === 'MethodNotAllowed' || error.name === 'NotImplemented' || status === 405 || status === 501
  );
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
  const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  const result = select({
    expression: query.sql,
    input: bytes,
    inputSerialization: query.input,
    outputSerialization: { JSON: { RecordDelimiter: '\n' } },
    objectSize: bytes.length,
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
