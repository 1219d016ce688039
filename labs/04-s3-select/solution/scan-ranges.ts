import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SelectOutcome, SelectQuery } from './formats.ts';
import { selectRecords } from './select-records.ts';

/**
 * Splits the object into `parts` byte ranges [start, end] (both inclusive, together covering every byte once).
 * S3 returns a record from the range its first byte is in, so no record is lost or counted twice.
 */
export function scanRanges(size: number, parts: number): { start: number; end: number }[] {
  // BEGIN SOLUTION 5
  const count = Math.max(1, Math.min(parts, size));
  return Array.from({ length: count }, (_, i) => ({
    start: Math.floor((i * size) / count),
    end: Math.floor(((i + 1) * size) / count) - 1,
  }));
  // END SOLUTION
}

/**
 * Runs the same query over `parts` ScanRanges of the object at once and merges the records in object order.
 * Works for uncompressed CSV and JSON LINES objects (S3 refuses ScanRange for gzip and JSON documents).
 */
export async function parallelSelect(
  s3: S3Client,
  query: SelectQuery,
  parts: number,
): Promise<SelectOutcome> {
  // BEGIN SOLUTION 5
  const head = await s3.send(new HeadObjectCommand({ Bucket: query.bucket, Key: query.key }));
  const ranges = scanRanges(head.ContentLength ?? 0, parts);
  const results = await Promise.all(ranges.map((scanRange) => selectRecords(s3, { ...query, scanRange })));
  const stats = results.every((r) => r.stats)
    ? {
        scanned: results.reduce((sum, r) => sum + (r.stats?.scanned ?? 0), 0),
        processed: results.reduce((sum, r) => sum + (r.stats?.processed ?? 0), 0),
        returned: results.reduce((sum, r) => sum + (r.stats?.returned ?? 0), 0),
      }
    : undefined;
  return { records: results.flatMap((r) => r.records), stats };
  // END SOLUTION
}
