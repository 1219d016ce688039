import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  PutObjectCommand,
  SelectObjectContentCommand,
  type SelectObjectContentCommandInput,
  type SelectObjectContentEventStream,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceCases } from '../../../../s3-select/test/conformance/cases.ts';
import { type S3TestEmulator, sdkError, startS3TestEmulator } from './test-support/s3-emulator.ts';

let t: S3TestEmulator;
let Bucket: string;
beforeAll(async () => {
  t = await startS3TestEmulator();
  Bucket = t.bucketName('select');
  await t.s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(() => t.stop());

const people = 'name,age,city\nAnn,34,Oslo\nBo,27,"Lund, SE"\nCy,45,Bergen\nDee,19,Oslo\n';

async function put(Key: string, Body: string | Uint8Array) {
  await t.s3.send(new PutObjectCommand({ Bucket, Key, Body }));
}

type Input = Omit<SelectObjectContentCommandInput, 'Bucket' | 'ExpressionType'>;

/** Runs SelectObjectContentCommand and collects every event the SDK parsed, in order. */
async function selectEvents(input: Input): Promise<SelectObjectContentEventStream[]> {
  const out = await t.s3.send(new SelectObjectContentCommand({ Bucket, ExpressionType: 'SQL', ...input }));
  const events: SelectObjectContentEventStream[] = [];
  for await (const event of out.Payload ?? []) events.push(event);
  return events;
}

function recordsText(events: SelectObjectContentEventStream[]): string {
  return Buffer.concat(events.flatMap((e) => (e.Records?.Payload ? [e.Records.Payload] : []))).toString(
    'utf8',
  );
}

describe('SelectObjectContent through the SDK', () => {
  it('streams Records, then Stats, then End, which SelectObjectContentCommand reads unchanged', async () => {
    await put('people.csv', people);
    const events = await selectEvents({
      Key: 'people.csv',
      Expression: "SELECT s.name FROM S3Object s WHERE s.city = 'Oslo'",
      InputSerialization: { CSV: { FileHeaderInfo: 'USE' } },
      OutputSerialization: { CSV: {} },
    });
    expect(recordsText(events)).toBe('Ann\nDee\n');
    const kinds = events.map((e) => Object.entries(e).find(([, value]) => value !== undefined)?.[0]);
    expect(kinds.at(-2)).toBe('Stats');
    expect(kinds.at(-1)).toBe('End');
    const stats = events.find((e) => e.Stats)?.Stats?.Details;
    expect(stats).toEqual({ BytesScanned: people.length, BytesProcessed: people.length, BytesReturned: 8 });
  });

  it('sends Progress events when RequestProgress is enabled', async () => {
    const events = await selectEvents({
      Key: 'people.csv',
      Expression: 'SELECT COUNT(*) FROM S3Object',
      InputSerialization: { CSV: { FileHeaderInfo: 'USE' } },
      OutputSerialization: { JSON: {} },
      RequestProgress: { Enabled: true },
    });
    expect(recordsText(events)).toBe('{"_1":4}\n');
    const progress = events.filter((e) => e.Progress).map((e) => e.Progress?.Details);
    expect(progress.at(-1)).toEqual({
      BytesScanned: people.length,
      BytesProcessed: people.length,
      BytesReturned: 9,
    });
  });

  it('carries delimiters the SDK escapes in XML (tab, CR LF) and a ScanRange', async () => {
    await put('tabs.tsv', 'a\t1\r\nb\t2\r\nc\t3\r\n');
    const events = await selectEvents({
      Key: 'tabs.tsv',
      Expression: 'SELECT s._2, s._1 FROM S3Object s',
      InputSerialization: { CSV: { FieldDelimiter: '\t', RecordDelimiter: '\r\n' } },
      OutputSerialization: { CSV: { FieldDelimiter: '|', RecordDelimiter: '\r\n' } },
      ScanRange: { Start: 1, End: 100 },
    });
    expect(recordsText(events)).toBe('2|b\r\n3|c\r\n');
  });

  it('cuts large output into Records events of bounded size, so a record may span two events', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${'x'.repeat(30)}`).join('\n');
    await put('big.csv', gzipSync(rows));
    const events = await selectEvents({
      Key: 'big.csv',
      Expression: 'SELECT * FROM S3Object',
      InputSerialization: { CSV: {}, CompressionType: 'GZIP' },
      OutputSerialization: { CSV: {} },
    });
    const payloads = events.flatMap((e) => (e.Records?.Payload ? [e.Records.Payload] : []));
    expect(payloads.length).toBeGreaterThan(1);
    expect(Math.max(...payloads.map((p) => p.length))).toBeLessThanOrEqual(32 * 1024);
    expect(payloads.some((p) => p.at(-1) !== 10)).toBe(true);
    expect(recordsText(events)).toBe(`${rows}\n`);
  });

  it('queries a Parquet object, row group by row group', async () => {
    await put(
      'orders.parquet',
      readFileSync(new URL('../../../../s3-select/test/fixtures/orders.parquet', import.meta.url)),
    );
    const events = await selectEvents({
      Key: 'orders.parquet',
      Expression: "SELECT s.id, s.amount FROM S3Object s WHERE s.city = 'Oslo'",
      InputSerialization: { Parquet: {} },
      OutputSerialization: { JSON: {} },
    });
    expect(recordsText(events)).toBe(
      '{"id":1,"amount":12.5}\n{"id":3,"amount":500.25}\n{"id":5,"amount":610}\n',
    );
  });

  it('answers a request error (bad SQL) as a plain S3 error before the stream starts', async () => {
    const error = await sdkError(() =>
      selectEvents({
        Key: 'people.csv',
        Expression: 'SELECT FROM S3Object',
        InputSerialization: { CSV: {} },
        OutputSerialization: { CSV: {} },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.name).toMatch(/^Parse/);
  });

  it('answers NoSuchKey for a missing object', async () => {
    const error = await sdkError(() =>
      selectEvents({
        Key: 'nope.csv',
        Expression: 'SELECT * FROM S3Object',
        InputSerialization: { CSV: {} },
        OutputSerialization: { CSV: {} },
      }),
    );
    expect(error.name).toBe('NoSuchKey');
  });

  it('delivers a data error met after output began as an error event the SDK throws from the stream', async () => {
    // Enough good rows that output chunks are sent before the scan reaches the broken record.
    const good = Array.from({ length: 30000 }, (_, i) => `${i},ok`).join('\n');
    await put('bad-late.csv', `${good}\n30000,"unterminated\n30001,x\n`);
    const out = await t.s3.send(
      new SelectObjectContentCommand({
        Bucket,
        Key: 'bad-late.csv',
        ExpressionType: 'SQL',
        Expression: 'SELECT * FROM S3Object',
        InputSerialization: { CSV: {} },
        OutputSerialization: { CSV: {} },
      }),
    );
    let received = 0;
    const error = await sdkError(async () => {
      for await (const event of out.Payload ?? []) received += event.Records?.Payload?.length ?? 0;
    });
    expect(received).toBeGreaterThan(0);
    expect(error.name).toBe('CSVEscapingRecordDelimiter');
  });

  it('sends a CAST that fails after output began as an error event: the SDK throws a plain Error without $metadata', async () => {
    const rows = Array.from({ length: 30000 }, (_, i) => String(i)).join('\n');
    await put('cast-late.csv', `n\n${rows}\nn/a\n`);
    const out = await t.s3.send(
      new SelectObjectContentCommand({
        Bucket,
        Key: 'cast-late.csv',
        ExpressionType: 'SQL',
        Expression: 'SELECT CAST(s.n AS INT) AS n FROM S3Object s',
        InputSerialization: { CSV: { FileHeaderInfo: 'USE' } },
        OutputSerialization: { JSON: {} },
      }),
    );
    let received = 0;
    const error = await sdkError(async () => {
      for await (const event of out.Payload ?? []) received += event.Records?.Payload?.length ?? 0;
    });
    expect(received).toBeGreaterThan(0);
    expect(error.name).toBe('CastFailed');
    expect(error.raw.$metadata).toBeUndefined();
    expect(Object.getPrototypeOf(error.raw)).toBe(Error.prototype);
  });

  it('answers SUM over CSV text, which fails on the first record, as a plain 400 before the stream', async () => {
    await put('people.csv', people);
    const error = await sdkError(() =>
      selectEvents({
        Key: 'people.csv',
        Expression: 'SELECT SUM(s.age) FROM S3Object s',
        InputSerialization: { CSV: { FileHeaderInfo: 'USE' } },
        OutputSerialization: { CSV: {} },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.name).toBe('ExternalEvalException');
  });
});

describe('conformance table through the SDK and the emulator', () => {
  for (const [i, c] of conformanceCases.entries()) {
    it(c.name, async () => {
      const Key = `conformance/${i}`;
      await put(Key, c.data);
      try {
        const text = recordsText(
          await selectEvents({
            Key,
            Expression: c.expression,
            InputSerialization: c.input,
            OutputSerialization: c.output,
          }),
        );
        expect(c.error === undefined ? text : `output ${JSON.stringify(text)}`).toBe(
          c.error === undefined ? c.expected : `error ${c.error}`,
        );
      } catch (err) {
        const name = (err as Error).name;
        expect(name).toBe(c.error ?? `no error (got ${name}: ${(err as Error).message})`);
      }
    });
  }
});

describe('SelectObjectContent over a disk-backed store (the engine reads the object file in place)', () => {
  let disk: S3TestEmulator;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'select-disk-'));
    disk = await startS3TestEmulator({ dataDir: dir });
    await disk.s3.send(new CreateBucketCommand({ Bucket: 'select-disk' }));
  });
  afterAll(async () => {
    await disk.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function query(Key: string, Body: Uint8Array | string, input: Input) {
    await disk.s3.send(new PutObjectCommand({ Bucket: 'select-disk', Key, Body }));
    const out = await disk.s3.send(
      new SelectObjectContentCommand({ Bucket: 'select-disk', ExpressionType: 'SQL', ...input, Key }),
    );
    const events: SelectObjectContentEventStream[] = [];
    for await (const event of out.Payload ?? []) events.push(event);
    return recordsText(events);
  }

  it('reads a ScanRange of a CSV file, header included', async () => {
    const text = await query('people.csv', people, {
      Key: 'people.csv',
      Expression: 'SELECT s.name FROM S3Object s',
      InputSerialization: { CSV: { FileHeaderInfo: 'USE' } },
      OutputSerialization: { CSV: {} },
      ScanRange: { Start: 30 },
    });
    expect(text).toBe('Cy\nDee\n');
  });

  it('reads a Parquet file by random access', async () => {
    const parquet = readFileSync(
      new URL('../../../../s3-select/test/fixtures/orders.parquet', import.meta.url),
    );
    const text = await query('orders.parquet', parquet, {
      Key: 'orders.parquet',
      Expression: 'SELECT COUNT(*), SUM(s.amount) FROM S3Object s',
      InputSerialization: { Parquet: {} },
      OutputSerialization: { CSV: {} },
    });
    expect(text).toBe('6,1270.75\n');
  });
});
