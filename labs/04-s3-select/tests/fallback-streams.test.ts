import { Readable } from 'node:stream';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { selectWithFallback } from '@lab/select-with-fallback.ts';
import { expect } from 'vitest';
import { s3WithoutSelect } from './support/refusing-proxy.ts';
import { useLabBucket } from './support/s3.ts';

const exercise = 7;
const bucket = useLabBucket('stream');
const KEY = 'many-trips.csv';
const ROWS = 120_000;

/** A CSV of about 2 MB: big enough that reading all of it and reading a few chunks are far apart. */
function bigCsv(): Buffer {
  const lines = ['trip_id,city,fare'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i},Lisbon,${(i % 97) + 0.5}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

/**
 * Replaces each GetObject body with a stream that counts the bytes the code under test pulls out of it. The
 * stand-in offers the SDK's transformTo… methods too, so buffering code runs as it would on the real body.
 */
function countBodyBytes(s3: S3Client): () => number {
  let pulled = 0;
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName !== 'GetObjectCommand') return result;
      const output = result.output as { Body?: AsyncIterable<Uint8Array> };
      const original = output.Body;
      if (!original) return result;
      async function* counted() {
        for await (const chunk of original!) {
          pulled += chunk.length;
          yield chunk;
        }
      }
      const body = Readable.from(counted(), { objectMode: false, highWaterMark: 16 * 1024 });
      const bytes = async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(Buffer.from(chunk));
        return Buffer.concat(chunks);
      };
      output.Body = Object.assign(body, {
        transformToByteArray: async () => new Uint8Array(await bytes()),
        transformToString: async (encoding?: BufferEncoding) => (await bytes()).toString(encoding ?? 'utf8'),
        transformToWebStream: () => Readable.toWeb(body),
      });
      return result;
    },
    { step: 'initialize', name: 'cloudlabCountBodyBytes' },
  );
  return () => pulled;
}

check(
  'on the client-side path, selectWithFallback streams the object into select(): a LIMIT 3 query reads a few chunks, not the whole object',
  {
    points: 3,
    exercise,
    concept: 'fallback',
    hint: [
      "Do not read the body into memory first (transformToByteArray, transformToString, collecting the chunks): pass object.Body itself as select()'s input — in Node it is an AsyncIterable<Uint8Array>.",
      'objectSize is object.ContentLength. select() stops reading at a LIMIT, and so does S3.',
    ],
    timeoutMs: 60_000,
  },
  async () => {
    const csv = bigCsv();
    await bucket.s3.send(
      new PutObjectCommand({ Bucket: bucket.name, Key: KEY, Body: csv, ContentType: 'text/csv' }),
    );
    const refusing = await s3WithoutSelect();
    const pulled = countBodyBytes(refusing);
    const result = await selectWithFallback(refusing, {
      bucket: bucket.name,
      key: KEY,
      sql: 'SELECT s.trip_id FROM S3Object s LIMIT 3',
      input: { CSV: { FileHeaderInfo: 'USE' }, CompressionType: 'NONE' },
    });
    expect(result.via).toBe('client-side');
    expect(result.records).toEqual([{ trip_id: '0' }, { trip_id: '1' }, { trip_id: '2' }]);
    expect(
      pulled(),
      `bytes of the ${csv.length}-byte object your fallback read for a LIMIT 3 query: reading it whole before select() starts (transformToByteArray, transformToString) holds all of it in memory — pass the body stream as select()'s input`,
    ).toBeLessThan(csv.length / 4);
  },
);
