import { SelectError } from '../errors.ts';
import type { SqlRecord } from '../sql/types.ts';

/** Receives each parsed record; returns false to stop reading (LIMIT reached, consumer gone). */
export type RecordSink = (record: SqlRecord) => boolean;

/**
 * A text-format reader (CSV, JSON). It is pushed decoded text chunk by chunk and calls the sink synchronously
 * for every complete record — no promise or generator per record on the hot path.
 */
export interface RecordReader {
  /** Returns false once the sink asked to stop. */
  write(text: string, sink: RecordSink): boolean;
  /** The input ended: flush the last record (one without a trailing delimiter). */
  end(sink: RecordSink): boolean;
}

/** S3's maxCharsPerRecord: a record longer than 1 MB stops the query. */
export const MAX_RECORD_CHARS = 1024 * 1024;

export function overMaxRecordSize(): SelectError {
  return new SelectError(
    'OverMaxRecordSize',
    'The length of a record in the input or result is greater than maxCharsPerRecord of 1 MB; ' +
      'check the RecordDelimiter in InputSerialization, or split the records.',
  );
}
