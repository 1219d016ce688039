import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { readParquetFooter } from '@lab/parquet-footer.ts';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { beforeAll, expect } from 'vitest';
import { FIXTURE_DIR, rejection, testS3, useLabBucket } from './support/s3.ts';

const exercise = 8;
const bucket = useLabBucket('footer', { fixtures: true });
const NOT_PARQUET = 'exports/trips-2026.parquet';
const NESTED = 'exports/trips-with-extras.parquet';

/** What the fixture's footer says, read by the check itself from the file on disk. */
async function fixtureFooter() {
  const bytes = await readFile(join(FIXTURE_DIR, 'trips.parquet'));
  const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  return {
    size: bytes.length,
    footerLength: bytes.readUInt32LE(bytes.length - 8),
    rows: Number(metadata.num_rows),
    columns: metadata.schema.slice(1).map((element) => element.name),
    rowGroups: metadata.row_groups.length,
  };
}

/** A client that records each GetObject's Range and the bytes its answer carried. */
function measuringClient(): { client: S3Client; gets: { range?: string; bytes: number }[] } {
  const client = testS3();
  const gets: { range?: string; bytes: number }[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'GetObjectCommand') {
        const { Range } = args.input as { Range?: string };
        const { ContentLength } = result.output as { ContentLength?: number };
        gets.push({ ...(Range ? { range: Range } : {}), bytes: ContentLength ?? 0 });
      }
      return result;
    },
    { step: 'initialize', name: 'cloudlabMeasureGets' },
  );
  return { client, gets };
}

beforeAll(async () => {
  // A CSV under a .parquet name: what a mislabelled export looks like.
  await bucket.s3.send(
    new PutObjectCommand({
      Bucket: bucket.name,
      Key: NOT_PARQUET,
      Body: await readFile(join(FIXTURE_DIR, 'trips.csv')),
    }),
  );
  // A nested column: `extras` is a VARIANT group whose leaves are `metadata` and `value`.
  const nested = parquetWriteBuffer({
    columnData: [
      { name: 'trip_id', data: [1, 2, 3] },
      { name: 'extras', data: [{ toll: 2.5 }, { toll: 0 }, null], type: 'VARIANT' },
      { name: 'city', data: ['Oslo', 'Lima', 'Pune'] },
    ],
  });
  await bucket.s3.send(
    new PutObjectCommand({ Bucket: bucket.name, Key: NESTED, Body: new Uint8Array(nested) }),
  );
});

check(
  "readParquetFooter returns the row count, the column names and the row groups from trips.parquet's footer",
  {
    points: 3,
    exercise,
    concept: 'Parquet footer',
    hint: [
      "parquetMetadata(arrayBuffer) from hyparquet parses a buffer that ends with the footer: its num_rows is a bigint (Number() it), its schema's first element is the root, and the columns are the elements without num_children.",
      'The footer is the footer length (read from the last 8 bytes) plus those 8 bytes: fetch bytes=-(length + 8).',
    ],
  },
  async () => {
    const want = await fixtureFooter();
    expect(await readParquetFooter(bucket.s3, bucket.name, 'trips.parquet')).toEqual({
      rows: want.rows,
      columns: want.columns,
      rowGroups: want.rowGroups,
    });
  },
);

check(
  'readParquetFooter lists the leaves of a nested column, not the group that holds them',
  {
    points: 2,
    exercise,
    concept: 'Parquet footer',
    hint: [
      'The schema is a flattened tree: a group element (a struct, a VARIANT) has num_children and holds no data; its children follow it. The columns are the elements without num_children.',
    ],
  },
  async () => {
    expect(
      (await readParquetFooter(bucket.s3, bucket.name, NESTED)).columns,
      'columns of a file whose schema is trip_id, extras (a group of metadata and value), city',
    ).toEqual(['trip_id', 'metadata', 'value', 'city']);
  },
);

check(
  'readParquetFooter reads only the end of the object: every GetObject carries a Range, and all of them move at most the footer and 16 bytes',
  {
    points: 4,
    exercise,
    concept: 'byte-range GETs',
    hint: [
      'GetObjectCommand({ Bucket, Key, Range: "bytes=-8" }) returns the last 8 bytes only: the footer length (4 bytes, little-endian) and "PAR1".',
      'Read the length with new DataView(buffer, offset, 4).getUint32(0, true) — true means little-endian, as Parquet writes it.',
    ],
  },
  async () => {
    const want = await fixtureFooter();
    const { client, gets } = measuringClient();
    await readParquetFooter(client, bucket.name, 'trips.parquet');
    expect(
      gets.filter((get) => !get.range),
      'GetObject calls without a Range (each downloads the whole object)',
    ).toEqual([]);
    const moved = gets.reduce((sum, get) => sum + get.bytes, 0);
    expect(
      moved,
      `bytes moved by your GetObject calls: at most the footer (${want.footerLength} bytes) and 16, of a ${want.size}-byte object`,
    ).toBeLessThanOrEqual(want.footerLength + 16);
  },
);

check(
  'readParquetFooter refuses an object that does not end with PAR1 after its last 8 bytes, naming the object',
  {
    points: 2,
    exercise,
    concept: 'Parquet footer',
    hint: [
      'Check the magic bytes before you trust the length: the last 4 bytes of a Parquet file are "PAR1". A CSV ends with whatever its last line holds.',
      'Throw an Error whose message names the key, so the caller knows which object is mislabelled.',
    ],
  },
  async () => {
    const { client, gets } = measuringClient();
    const error = await rejection(readParquetFooter(client, bucket.name, NOT_PARQUET));
    expect(error.message, 'the message names the object').toContain(NOT_PARQUET);
    expect(
      gets.reduce((sum, get) => sum + get.bytes, 0),
      'bytes read before refusing: the last 8 are enough to see it is not Parquet',
    ).toBeLessThanOrEqual(8);
  },
);
