import type { SelectObjectContentEventStream } from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { FIXTURES } from '@lab/formats.ts';
import { recordsFromEvents, selectRecords } from '@lab/select-records.ts';
import { beforeAll, expect } from 'vitest';
import { fixtureTrips, recordCalls, rejection, type Trip, testS3, useLabBucket } from './support/s3.ts';

const exercise = 2;
const bucket = useLabBucket('select', { fixtures: true });
let trips: Trip[] = [];
beforeAll(async () => {
  trips = await fixtureTrips();
});

const bytes = (text: string) => new TextEncoder().encode(text);
async function* stream(...events: SelectObjectContentEventStream[]) {
  for (const event of events) yield event;
}
async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

check(
  'recordsFromEvents rebuilds records that span two Records events, even inside a UTF-8 character',
  {
    points: 6,
    exercise,
    concept: 'event stream',
    hint: [
      'A Records event holds a chunk of bytes, not whole records: keep the text after the last "\\n" and prepend it to the next chunk.',
      'Decode with one TextDecoder and decode(payload, { stream: true }), so a character split across events (ü is two bytes) survives.',
      'Stats carries Details.BytesScanned / BytesProcessed / BytesReturned: pass them to onStats.',
    ],
  },
  async () => {
    const zurich = bytes('{"city":"Zürich"}\n');
    const cut = zurich.indexOf(0xc3) + 1; // between the two bytes of ü
    let stats: unknown;
    const lines = await collect(
      recordsFromEvents(
        stream(
          { Records: { Payload: bytes('{"a":1}\n{"a"') } },
          { Records: { Payload: bytes(':2}\n') } },
          { Cont: {} },
          { Records: { Payload: zurich.subarray(0, cut) } },
          { Records: { Payload: zurich.subarray(cut) } },
          { Stats: { Details: { BytesScanned: 100, BytesProcessed: 200, BytesReturned: 34 } } },
          { End: {} },
        ),
        (s) => {
          stats = s;
        },
      ),
    );
    expect(
      lines,
      'lines from four Records events that cut a record and the ü of Zürich: read every event until End, keep the text after the last "\\n" for the next one, and decode with one TextDecoder ({ stream: true })',
    ).toEqual(['{"a":1}', '{"a":2}', '{"city":"Zürich"}']);
    expect(
      stats,
      'what onStats got: { scanned, processed, returned } from Details.BytesScanned, BytesProcessed and BytesReturned',
    ).toEqual({ scanned: 100, processed: 200, returned: 34 });
  },
);

check(
  'recordsFromEvents fails when the stream stops before its End event',
  {
    points: 2,
    exercise,
    hint: [
      'Remember whether an End event came; if the loop finishes without one, throw — the answer is incomplete.',
      'Say so in the message ("the event stream stopped before its End event"): whoever reads it must know to run the query again, not to fix the SQL.',
    ],
  },
  async () => {
    const seen: string[] = [];
    const reading = (async () => {
      for await (const line of recordsFromEvents(
        // Cont (a keep-alive) and Stats are no End; called without onStats, which is optional.
        stream(
          { Records: { Payload: bytes('{"a":1}\n{"a":2}\n') } },
          { Cont: {} },
          { Stats: { Details: { BytesScanned: 10, BytesProcessed: 10, BytesReturned: 16 } } },
        ),
      )) {
        seen.push(line);
      }
    })();
    const error = await rejection(
      reading,
      'a stream of Records, Cont and Stats that stops without End was cut short — Cont is a keep-alive and Stats is not the end either: only an End event completes the answer',
    );
    expect(error, 'what recordsFromEvents throws for a stream without End').toBeInstanceOf(Error);
    expect(error.message, 'the message says the stream stopped before its End event').toMatch(/\bEnd\b/);
    expect(seen).toEqual(['{"a":1}', '{"a":2}']);
  },
);

check(
  'selectRecords returns the matching rows of the CSV fixture as objects, with Stats',
  {
    points: 5,
    exercise,
    concept: 'SelectObjectContent',
    hint: [
      'Send SelectObjectContentCommand with ExpressionType "SQL", the query InputSerialization and OutputSerialization { JSON: {} }.',
      'Feed out.Payload to recordsFromEvents and JSON.parse each line.',
    ],
  },
  async () => {
    const sql = "SELECT s.trip_id, s.fare FROM S3Object s WHERE s.city = 'Zürich' AND s.payment = 'cash'";
    const { records, stats } = await selectRecords(bucket.s3, {
      bucket: bucket.name,
      key: FIXTURES.csv.key,
      sql,
      input: FIXTURES.csv.input,
    });
    const expected = trips
      .filter((t) => t.city === 'Zürich' && t.payment === 'cash')
      .map((t) => ({ trip_id: String(t.trip_id), fare: String(t.fare) }));
    expect(expected.length).toBeGreaterThan(10);
    expect(records).toEqual(expected);
    expect(stats?.scanned).toBeGreaterThan(0);
    expect(stats?.returned).toBeGreaterThan(0);
  },
);

check(
  'selectRecords asks for JSON output with "\\n" between records, the delimiter recordsFromEvents splits at',
  {
    points: 1,
    exercise,
    concept: 'SelectObjectContent',
    hint: [
      'Send OutputSerialization: { JSON: { RecordDelimiter: "\\n" } }, or { JSON: {} }: "\\n" is S3\'s default.',
      'recordsFromEvents cuts the answer at "\\n": any other RecordDelimiter, an empty one too, is not what it splits at.',
    ],
  },
  async () => {
    const s3 = testS3();
    const calls = recordCalls(s3);
    await selectRecords(s3, {
      bucket: bucket.name,
      key: FIXTURES.csv.key,
      sql: 'SELECT s.trip_id FROM S3Object s LIMIT 2',
      input: FIXTURES.csv.input,
    });
    const [sent] = (calls.get('SelectObjectContentCommand') ?? []) as {
      OutputSerialization?: { JSON?: { RecordDelimiter?: string } };
    }[];
    expect(sent, 'selectRecords sends one SelectObjectContentCommand').toBeDefined();
    expect(
      sent?.OutputSerialization?.JSON,
      'OutputSerialization.JSON: the chapter asks for JSON records, one per line',
    ).toBeDefined();
    expect(
      sent?.OutputSerialization?.JSON?.RecordDelimiter ?? '\n',
      'OutputSerialization.JSON.RecordDelimiter: "\\n" (or left out: S3\'s default), the delimiter recordsFromEvents splits the answer at',
    ).toBe('\n');
  },
);

check(
  'selectRecords reads all 1,200 JSON-lines records, an answer that takes many Records events',
  {
    points: 4,
    exercise,
    timeoutMs: 30_000,
    hint: 'A large answer comes in many Records events; if records are lost or broken, check how you join chunks.',
  },
  async () => {
    const { records } = await selectRecords(bucket.s3, {
      bucket: bucket.name,
      key: FIXTURES.jsonl.key,
      sql: 'SELECT * FROM S3Object s',
      input: FIXTURES.jsonl.input,
    });
    expect(
      records,
      "records of SELECT * over trips.jsonl: all 1,200, read with the query's own InputSerialization (query.input: JSON LINES here, not the CSV's)",
    ).toEqual(trips);
  },
);
