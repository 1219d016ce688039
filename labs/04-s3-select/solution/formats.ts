import type { InputSerialization } from '@aws-sdk/client-s3';

/**
 * The lab's four fixtures: the same 1,200 taxi trips as CSV, gzipped CSV, JSON lines and Parquet, with the
 * InputSerialization S3 Select needs to read each. Given code — read it before exercise 2.
 */
export type FixtureName = 'csv' | 'csv-gzip' | 'jsonl' | 'parquet';

export interface Fixture {
  /** Object key in the lab bucket, and the file name in fixtures/. */
  key: string;
  contentType: string;
  input: InputSerialization;
}

export const FIXTURES: Record<FixtureName, Fixture> = {
  // FileHeaderInfo USE: the first line names the columns, so SQL can say s.city instead of s._2.
  csv: { key: 'trips.csv', contentType: 'text/csv', input: { CSV: { FileHeaderInfo: 'USE' } } },
  // The object stays gzipped in S3: S3 Select decompresses while it scans.
  'csv-gzip': {
    key: 'trips.csv.gz',
    contentType: 'application/gzip',
    input: { CSV: { FileHeaderInfo: 'USE' }, CompressionType: 'GZIP' },
  },
  jsonl: { key: 'trips.jsonl', contentType: 'application/x-ndjson', input: { JSON: { Type: 'LINES' } } },
  parquet: { key: 'trips.parquet', contentType: 'application/vnd.apache.parquet', input: { Parquet: {} } },
};

/** One SelectObjectContent request, the way this lab's functions take it. */
export interface SelectQuery {
  bucket: string;
  key: string;
  sql: string;
  input: InputSerialization;
  /** Bytes [start, end] of the object, both inclusive: only records that START in the range are returned. */
  scanRange?: { start: number; end: number };
}

/** The Stats event: bytes S3 read, decompressed, and sent back. */
export interface SelectStats {
  scanned: number;
  processed: number;
  returned: number;
}

export interface SelectOutcome {
  /** One object per record (the lab always asks for JSON output). */
  records: Record<string, unknown>[];
  /** Undefined only when the stream carried no Stats event. */
  stats: SelectStats | undefined;
}
