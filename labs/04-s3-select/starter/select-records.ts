import {
  type S3Client,
  SelectObjectContentCommand,
  type SelectObjectContentEventStream,
} from '@aws-sdk/client-s3';
import type { SelectOutcome, SelectQuery, SelectStats } from './formats.ts';

/**
 * Turns SelectObjectContent's event stream into whole records (lines). A Records event carries a chunk of
 * output bytes, not whole records: a record — even one UTF-8 character — may start in one event and end in
 * the next. Stats goes to `onStats`. The stream must finish with an End event; without it the response was
 * cut short, and the records so far are not the whole answer.
 */
export async function* recordsFromEvents(
  events: AsyncIterable<SelectObjectContentEventStream>,
  onStats?: (stats: SelectStats) => void,
): AsyncGenerator<string> {
  throw new Error('TODO(2): Select records from the event stream — see README.md, exercise 2');
}

/** Runs one query with JSON output and returns its records, parsed, and its Stats. */
export async function selectRecords(s3: S3Client, query: SelectQuery): Promise<SelectOutcome> {
  throw new Error('TODO(2): Select records from the event stream — see README.md, exercise 2');
}
