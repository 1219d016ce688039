import { S3ServiceException, SelectObjectContentCommand } from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { FIXTURES, type FixtureName } from '@lab/formats.ts';
import { selectUnavailable, selectWithFallback } from '@lab/select-with-fallback.ts';
import { beforeAll, expect } from 'vitest';
import { s3WithoutSelect } from './support/refusing-proxy.ts';
import { fixtureTrips, rejection, type Trip, useLabBucket } from './support/s3.ts';

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
      'Look at error.name and error.$metadata.httpStatusCode: MethodNotAllowed / 405 and NotImplemented / 501 mean the operation is not offered.',
      "An endpoint that crashes on SelectObjectContent (moto) answers a 5xx the SDK cannot parse: a plain Error, not an S3ServiceException. AWS's own InternalError is an S3ServiceException and worth a retry, not a fallback.",
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
    const bad = await rejection(selectWithFallback(bucket.s3, query('csv', 'SELECT FROM S3Object')));
    expect(selectUnavailableByCode(bad)).toBe(false);
  },
);
