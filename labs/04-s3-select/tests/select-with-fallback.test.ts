import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { S3ServiceException, SelectObjectContentCommand } from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { FIXTURES, type FixtureName } from '@lab/formats.ts';
import { selectUnavailable, selectWithFallback } from '@lab/select-with-fallback.ts';
import { beforeAll, expect } from 'vitest';
import { s3WithoutSelect } from './support/refusing-proxy.ts';
import {
  FIXTURE_DIR,
  fixtureTrips,
  recordCalls,
  rejection,
  type Trip,
  testS3,
  useLabBucket,
} from './support/s3.ts';

const exercise = 7;
const bucket = useLabBucket('fallback', { fixtures: true });
const SQL = "SELECT s.trip_id, s.city, s.fare FROM S3Object s WHERE s.vendor = 'acme' AND s.payment = 'cash'";
let trips: Trip[] = [];
beforeAll(async () => {
  trips = await fixtureTrips();
});

/** What the query must return for each fixture, from the test's own reading of the data: CSV fields are text. */
function expected(name: FixtureName) {
  const text = name === 'csv' || name === 'csv-gzip';
  return trips
    .filter((t) => t.vendor === 'acme' && t.payment === 'cash')
    .map((t) =>
      text
        ? { trip_id: String(t.trip_id), city: t.city, fare: String(t.fare) }
        : { trip_id: t.trip_id, city: t.city, fare: t.fare },
    );
}

const query = (name: FixtureName, sql = SQL) => ({
  bucket: bucket.name,
  key: FIXTURES[name].key,
  sql,
  input: FIXTURES[name].input,
});

/** The test's own reading of "this endpoint has no S3 Select", independent of the code under test. */
const selectUnavailableByCode = (error: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
  const status = error.$metadata?.httpStatusCode ?? 0;
  return (
    ['MethodNotAllowed', 'NotImplemented'].includes(error.name ?? '') ||
    [405, 501].includes(status) ||
    (status >= 500 && !(error instanceof S3ServiceException))
  );
};

check(
  'selectUnavailable tells "no S3 Select here" (MethodNotAllowed 405, NotImplemented 501, a 5xx that is no AWS error) from a bad query or a transient AWS error',
  {
    points: 2,
    exercise,
    concept: 'fallback',
    hint: [
      'Look at error.name and error.$metadata.httpStatusCode: MethodNotAllowed / 405 and NotImplemented / 501 mean the operation is not offered — the status alone too, when the body names no AWS error (the SDK then calls it Unknown).',
      "An endpoint that crashes on SelectObjectContent (moto) answers a 5xx the SDK cannot parse: a plain Error, not an S3ServiceException. AWS's own InternalError is an S3ServiceException and worth a retry, not a fallback.",
      'A plain Error is "unavailable" only with a 5xx status: a refused connection has none (no endpoint answered at all).',
    ],
  },
  () => {
    const aws = (name: string, status: number) =>
      new S3ServiceException({
        name,
        $fault: status >= 500 ? 'server' : 'client',
        $metadata: { httpStatusCode: status },
        message: name,
      });
    const crashed = Object.assign(
      new Error('@aws-sdk XML parse error: mismatched tags <html> and </title>.'),
      {
        $metadata: { httpStatusCode: 500 },
      },
    );
    expect(selectUnavailable(aws('MethodNotAllowed', 405))).toBe(true);
    expect(selectUnavailable(aws('NotImplemented', 501))).toBe(true);
    expect(selectUnavailable(crashed)).toBe(true);
    expect(selectUnavailable(aws('InternalError', 500))).toBe(false);
    expect(selectUnavailable(aws('ParseUnexpectedToken', 400))).toBe(false);
    expect(selectUnavailable(aws('NoSuchKey', 404))).toBe(false);
    expect(selectUnavailable('MethodNotAllowed')).toBe(false);
    expect(selectUnavailable(undefined), 'a thrown undefined: not an error at all').toBe(false);
    expect(
      selectUnavailable(new Error('IncompleteSelectResponse: the event stream stopped before its End event')),
      'your own error from recordsFromEvents (no $metadata at all): not a missing S3 Select',
    ).toBe(false);
    // A web server that does not allow the POST at all answers 405 with an HTML page: no AWS error to name.
    const notAllowed = Object.assign(new Error('Unknown: 405 Method Not Allowed'), {
      $metadata: { httpStatusCode: 405 },
    });
    expect(selectUnavailable(notAllowed), 'a 405 whose body is no AWS error (the status says it)').toBe(true);
    // A gateway without the operation may answer 501 with an empty body: the SDK still throws an
    // S3ServiceException, named Unknown (its message UnknownError), and only the status says "not implemented".
    expect(
      selectUnavailable(aws('Unknown', 501)),
      'a 501 whose body names no AWS error (the SDK calls it Unknown): HTTP 501 itself means the operation is not implemented',
    ).toBe(true);
    // What the SDK throws when nothing listens: a plain Error with $metadata from the retry step, but no HTTP status.
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {
      code: 'ECONNREFUSED',
      $metadata: { attempts: 1, totalRetryDelay: 0 },
    });
    expect(
      selectUnavailable(refused),
      'a refused connection: no endpoint answered, so nothing says S3 Select is missing (and a download would fail too)',
    ).toBe(false);
  },
);

check(
  'selectWithFallback uses S3 Select where the endpoint offers it',
  {
    points: 2,
    exercise,
    hint: 'Try selectRecords first and return its outcome with via: "S3 Select".',
  },
  async () => {
    const offered = await bucket.s3
      .send(
        new SelectObjectContentCommand({
          Bucket: bucket.name,
          Key: FIXTURES.csv.key,
          ExpressionType: 'SQL',
          Expression: 'SELECT * FROM S3Object LIMIT 1',
          InputSerialization: FIXTURES.csv.input,
          OutputSerialization: { JSON: {} },
        }),
      )
      .then(
        async (out) => {
          for await (const _ of out.Payload ?? []) {
          }
          return true;
        },
        (error) => !selectUnavailableByCode(error),
      );
    const routed = await selectWithFallback(bucket.s3, query('csv'));
    expect(routed.via).toBe(offered ? 'S3 Select' : 'client-side');
    expect(routed.records).toEqual(expected('csv'));
  },
);

check(
  'against an endpoint that refuses S3 Select, selectWithFallback downloads and runs the same SQL client-side, same records',
  {
    points: 8,
    exercise,
    concept: 'fallback',
    timeoutMs: 30_000,
    hint: [
      'When selectRecords throws and selectUnavailable(error) is true, GetObject the object and pass its bytes to select() from @cloudlab/s3-select.',
      'Give select() the same expression and inputSerialization, and outputSerialization { JSON: { RecordDelimiter: "\\n" } }; read result.records, decode and JSON.parse each line.',
      'Return via: "client-side" — and let any other error (a bad query) through unchanged.',
    ],
  },
  async () => {
    const refusing = await s3WithoutSelect();
    for (const name of ['csv', 'csv-gzip', 'jsonl', 'parquet'] as FixtureName[]) {
      const fallback = await selectWithFallback(refusing, query(name));
      expect(fallback.via, name).toBe('client-side');
      expect(fallback.records, name).toEqual(expected(name));
    }
    // A bad query is the caller's error, not a missing feature: it must come through, not fall back.
    const direct = testS3();
    const calls = recordCalls(direct);
    const bad = await rejection(selectWithFallback(direct, query('csv', 'SELECT FROM S3Object')));
    expect(
      bad.name,
      "a bad query against an endpoint WITH S3 Select: S3's own Parse… error must come through unchanged",
    ).toMatch(/^Parse/);
    expect(
      bad,
      'the error S3 sent (an S3ServiceException), not one from the client-side fallback',
    ).toBeInstanceOf(S3ServiceException);
    expect(
      calls.get('GetObjectCommand') ?? [],
      'GetObject calls after a bad query: only a missing S3 Select may fall back to downloading',
    ).toHaveLength(0);
  },
);

check(
  "on the client-side path, selectWithFallback returns the engine's Stats: the stored bytes scanned, the uncompressed bytes processed",
  {
    points: 2,
    exercise,
    concept: 'fallback',
    hint: [
      'After the for await loop over result.records, result.stats() gives { bytesScanned, bytesProcessed, bytesReturned }: return them as stats { scanned, processed, returned }.',
      'For the gzipped CSV the engine scans the compressed object and processes the uncompressed text, as S3 does (exercise 3).',
    ],
  },
  async () => {
    const refusing = await s3WithoutSelect();
    const stored = async (key: string) => (await readFile(join(FIXTURE_DIR, key))).length;
    for (const name of ['csv', 'csv-gzip'] as FixtureName[]) {
      const { stats } = await selectWithFallback(refusing, query(name));
      expect(
        stats?.scanned,
        `${name}: stats.scanned, the bytes of the object as stored (call result.stats() after the loop over result.records: select() scans as you read)`,
      ).toBe(await stored(FIXTURES[name].key));
      expect(stats?.processed, `${name}: stats.processed, the bytes of the uncompressed CSV`).toBe(
        await stored(FIXTURES.csv.key),
      );
      expect(stats?.returned, `${name}: stats.returned, the bytes of the records sent back`).toBeGreaterThan(
        0,
      );
    }
  },
);

check(
  'on the client-side path, selectWithFallback keeps the ScanRange: only records that start inside it',
  {
    points: 3,
    exercise,
    hint: [
      'select() takes the same scanRange as S3 Select ({ Start, End }, both inclusive) and objectSize: pass query.scanRange along, or the fallback returns the whole object.',
      'S3 returns the records whose first byte is inside the range; select() does the same when you give it the range.',
    ],
  },
  async () => {
    const text = await readFile(join(FIXTURE_DIR, FIXTURES.jsonl.key));
    const range = { start: Math.floor(text.length / 3), end: Math.floor((2 * text.length) / 3) };
    // The test's own reading: the records whose first byte lies in [start, end].
    const inRange: Trip[] = [];
    for (let at = 0; at < text.length; ) {
      const newline = text.indexOf(10, at);
      const end = newline < 0 ? text.length : newline;
      if (at >= range.start && at <= range.end && end > at)
        inRange.push(JSON.parse(text.subarray(at, end).toString()));
      at = end + 1;
    }
    const want = inRange
      .filter((t) => t.vendor === 'acme' && t.payment === 'cash')
      .map((t) => ({ trip_id: t.trip_id, city: t.city, fare: t.fare }));
    const refusing = await s3WithoutSelect();
    const fallback = await selectWithFallback(refusing, { ...query('jsonl'), scanRange: range });
    expect(fallback.via).toBe('client-side');
    expect(
      fallback.records.length,
      `records of the JSON-lines fixture with vendor acme and payment cash that start in bytes ${range.start}–${range.end}`,
    ).toBe(want.length);
    expect(fallback.records).toEqual(want);
  },
);
