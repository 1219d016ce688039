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
  // BEGIN SOLUTION 2
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let ended = false;
  for await (const event of events) {
    if (event.Records?.Payload) {
      pending += decoder.decode(event.Records.Payload, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line) yield line;
    } else if (event.Stats?.Details) {
      const details = event.Stats.Details;
      onStats?.({
        scanned: Number(details.BytesScanned ?? 0),
        processed: Number(details.BytesProcessed ?? 0),
        returned: Number(details.BytesReturned ?? 0),
      });
    } else if (event.End) {
      ended = true;
    }
  }
  pending += decoder.decode();
  if (pending) yield pending;
  if (!ended) {
    throw new Error(
      'IncompleteSelectResponse: the event stream stopped before its End event — run the query again',
    );
  }
  // END SOLUTION
}

/** Runs one query with JSON output and returns its records, parsed, and its Stats. */
export async function selectRecords(s3: S3Client, query: SelectQuery): Promise<SelectOutcome> {
  // BEGIN SOLUTION 2
  const out = await s3.send(
    new SelectObjectContentCommand({
      Bucket: query.bucket,
      Key: query.key,
      ExpressionType: 'SQL',
      Expression: query.sql,
      InputSerialization: query.input,
      OutputSerialization: { JSON: { RecordDelimiter: '\n' } },
      ...(query.scanRange ? { ScanRange: { Start: query.scanRange.start, End: query.scanRange.end } } : {}),
    }),
  );
  if (!out.Payload) throw new Error(`SelectObjectContent on ${query.key} answered without an event stream`);
  const records: Record<string, unknown>[] = [];
  let stats: SelectStats | undefined;
  for await (const line of recordsFromEvents(out.Payload, (s) => (stats = s))) {
    records.push(JSON.parse(line) as Record<string, unknown>);
  }
  return { records, stats };
  // END SOLUTION
}
