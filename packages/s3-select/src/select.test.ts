import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it, onTestFinished } from 'vitest';
import { bzip2Fixture } from '../test/fixtures/bzip2-fixture.ts';
import { SelectError } from './errors.ts';
import type { ByteSource } from './io/byte-source.ts';
import { type SelectRequest, type SelectStats, select } from './select.ts';

/** A folder for one test's files, removed when the test ends, whether it passed or failed. */
function temporaryFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const people = 'name,age,city\nAnn,34,Oslo\nBo,27,"Lund, SE"\nCy,45,Bergen\nDee,19,Oslo\n';

async function* chunked(text: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

type Options = Partial<SelectRequest> & { expression: string };

function request(options: Options, input: ByteSource = chunked(people)): SelectRequest {
  return {
    input,
    inputSerialization: { CSV: { FileHeaderInfo: 'USE' } },
    outputSerialization: { CSV: {} },
    ...options,
  };
}

async function run(options: Options, input?: ByteSource): Promise<{ text: string; stats: SelectStats }> {
  const result = select(request(options, input));
  let text = '';
  for await (const chunk of result.records) text += Buffer.from(chunk).toString();
  return { text, stats: result.stats() };
}

async function output(options: Options, input?: ByteSource): Promise<string> {
  return (await run(options, input)).text;
}

async function errorCode(options: Options, input?: ByteSource): Promise<string> {
  try {
    await output(options, input);
  } catch (err) {
    return err instanceof SelectError ? err.code : `not a SelectError: ${String(err)}`;
  }
  return 'no error';
}

describe('select', () => {
  it('filters and projects CSV records as the bytes stream in', async () => {
    expect(await output({ expression: "SELECT s.name, s.city FROM S3Object s WHERE s.city = 'Oslo'" })).toBe(
      'Ann,Oslo\nDee,Oslo\n',
    );
    expect(await output({ expression: 'SELECT * FROM S3Object s WHERE CAST(s.age AS INT) > 30' })).toBe(
      'Ann,34,Oslo\nCy,45,Bergen\n',
    );
  });

  it('writes JSON output keyed by column name', async () => {
    const text = await output({
      expression: 'SELECT s.name, CAST(s.age AS INT) AS age FROM S3Object s LIMIT 2',
      outputSerialization: { JSON: {} },
    });
    expect(text).toBe('{"name":"Ann","age":34}\n{"name":"Bo","age":27}\n');
  });

  it('runs aggregates over every record and returns one row', async () => {
    expect(await output({ expression: 'SELECT COUNT(*), MAX(CAST(s.age AS INT)) FROM S3Object s' })).toBe(
      '4,45\n',
    );
  });

  it('stops reading the input once LIMIT is reached, even on an endless stream', async () => {
    async function* endless() {
      for (let i = 0; ; i++) yield Buffer.from(`${i},x\n`);
    }
    const text = await output(
      { expression: 'SELECT s._1 FROM S3Object s LIMIT 3', inputSerialization: { CSV: {} } },
      endless(),
    );
    expect(text).toBe('0\n1\n2\n');
  });

  it('reads JSON LINES and JSON DOCUMENT input', async () => {
    const lines = '{"a":1,"b":"x"}\n{"a":2}\n{"a":3,"b":"z"}\n';
    expect(
      await output(
        {
          expression: 'SELECT s.b FROM S3Object s',
          inputSerialization: { JSON: { Type: 'LINES' } },
          outputSerialization: { JSON: {} },
        },
        chunked(lines),
      ),
    ).toBe('{"b":"x"}\n{}\n{"b":"z"}\n');
    const doc = '{"items":[{"n":1},{"n":2}]}';
    expect(
      await output(
        { expression: 'SELECT i.n FROM S3Object[*].items[*] i', inputSerialization: { JSON: {} } },
        chunked(doc),
      ),
    ).toBe('1\n2\n');
  });

  it('reads GZIP and BZIP2 objects, counting compressed bytes as scanned', async () => {
    const gz = gzipSync(people);
    const gzRun = await run(
      {
        expression: 'SELECT COUNT(*) FROM S3Object',
        inputSerialization: { CSV: { FileHeaderInfo: 'USE' }, CompressionType: 'GZIP' },
      },
      chunked(gz),
    );
    expect(gzRun.text).toBe('4\n');
    expect(gzRun.stats).toEqual({
      bytesScanned: gz.length,
      bytesProcessed: Buffer.byteLength(people),
      bytesReturned: 2,
    });
    const bz = bzip2Fixture();
    expect(
      await output(
        {
          expression: "SELECT s.name FROM S3Object s WHERE s.city = 'Oslo'",
          inputSerialization: { CSV: { FileHeaderInfo: 'USE' }, CompressionType: 'BZIP2' },
        },
        chunked(bz),
      ),
    ).toBe('Ann\nDee\n');
  });

  it('reads Parquet from bytes, from a file, and from a stream, one row group at a time', async () => {
    const parquet = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'id', data: [1, 2, 3, 4, 5], type: 'INT32' },
          { name: 'city', data: ['Oslo', 'Lund', 'Oslo', 'Bergen', 'Oslo'], type: 'STRING' },
        ],
        rowGroupSize: 2,
      }),
    );
    const dir = temporaryFolder('select-test-');
    writeFileSync(join(dir, 'o.parquet'), parquet);
    const options: Options = {
      expression: "SELECT s.id FROM S3Object s WHERE s.city = 'Oslo'",
      inputSerialization: { Parquet: {} },
    };
    for (const source of [parquet, { path: join(dir, 'o.parquet') }, chunked(parquet, 100)]) {
      expect(await output(options, source)).toBe('1\n3\n5\n');
    }
  });

  it('reads only the records that start inside ScanRange', async () => {
    const data = 'a,1\nb,2\nc,3\nd,4\n';
    const options = (Start: number, End: number): Options => ({
      expression: 'SELECT s._1 FROM S3Object s',
      inputSerialization: { CSV: {} },
      scanRange: { Start, End },
    });
    expect(await output(options(0, 3), chunked(data))).toBe('a\n');
    expect(await output(options(1, 9), chunked(data))).toBe('b\nc\n');
    expect(
      await output({ ...options(0, 0), scanRange: { End: 5 }, objectSize: data.length }, chunked(data)),
    ).toBe('d\n');
  });

  it('reads a ScanRange of a file source from just before the range, for every split point', async () => {
    const data = 'a,1\r\nbb,2\r\nc,3\r\nddd,4\r\n';
    const dir = temporaryFolder('select-range-');
    const path = join(dir, 'o.csv');
    writeFileSync(path, data);
    for (let split = 1; split < data.length; split++) {
      const part = (Start: number, End?: number) =>
        output(
          {
            expression: 'SELECT s._1 FROM S3Object s',
            inputSerialization: { CSV: { RecordDelimiter: '\r\n' } },
            scanRange: End === undefined ? { Start } : { Start, End },
          },
          { path },
        );
      expect((await part(0, split - 1)) + (await part(split))).toBe('a\nbb\nc\nddd\n');
    }
  });

  it('keeps the CSV header for a ScanRange that starts after it', async () => {
    const text = await output(
      { expression: 'SELECT s.city FROM S3Object s', scanRange: { Start: 30 } },
      chunked(people),
    );
    expect(text).toBe('Bergen\nOslo\n');
  });

  it('refuses ScanRange where S3 does: compressed input, JSON DOCUMENT, quoted record delimiters', () => {
    const refuse = (options: Partial<SelectRequest>) => {
      try {
        select(
          request({ expression: 'SELECT * FROM S3Object', scanRange: { Start: 0, End: 10 }, ...options }),
        );
      } catch (err) {
        return (err as SelectError).code;
      }
      return 'no error';
    };
    expect(refuse({ inputSerialization: { CSV: {}, CompressionType: 'GZIP' } })).toBe(
      'UnsupportedScanRangeInput',
    );
    expect(refuse({ inputSerialization: { JSON: { Type: 'DOCUMENT' } } })).toBe('UnsupportedScanRangeInput');
    expect(refuse({ inputSerialization: { CSV: { AllowQuotedRecordDelimiter: true } } })).toBe(
      'UnsupportedScanRangeInput',
    );
  });

  it('throws request errors from select() itself, before any output', () => {
    expect(() => select(request({ expression: 'SELECT FROM' }))).toThrow(SelectError);
    expect(() => select(request({ expression: 'SELECT * FROM S3Object', inputSerialization: {} }))).toThrow(
      /exactly one of CSV, JSON or Parquet/,
    );
    expect(() =>
      select(
        request({
          expression: 'SELECT * FROM S3Object',
          outputSerialization: { CSV: { FieldDelimiter: '::' } },
        }),
      ),
    ).toThrow(/single character/);
  });

  it('throws data errors from the records stream with S3 error codes', async () => {
    expect(
      await errorCode({ expression: 'SELECT * FROM S3Object' }, chunked(Uint8Array.of(0x61, 0xc3, 0x28))),
    ).toBe('InvalidTextEncoding');
    expect(
      await errorCode(
        { expression: 'SELECT * FROM S3Object', inputSerialization: { CSV: {} } },
        chunked('a,"b\nc\n'),
      ),
    ).toBe('CSVEscapingRecordDelimiter');
    expect(
      await errorCode(
        { expression: 'SELECT * FROM S3Object', inputSerialization: { JSON: { Type: 'LINES' } } },
        chunked('{"a":\n'),
      ),
    ).toBe('JSONParsingError');
    expect(
      await errorCode(
        { expression: 'SELECT * FROM S3Object', inputSerialization: { Parquet: {} } },
        chunked('nope'),
      ),
    ).toBe('ParquetParsingError');
  });

  it('hands over the records produced before a data error, then throws it', async () => {
    const result = select(
      request(
        { expression: 'SELECT s._1 FROM S3Object s', inputSerialization: { CSV: {} } },
        chunked('a,1\nb,2\nc,"open\nd\n', 100),
      ),
    );
    let text = '';
    let code = 'no error';
    try {
      for await (const chunk of result.records) text += Buffer.from(chunk).toString();
    } catch (err) {
      code = (err as SelectError).code;
    }
    expect(text).toBe('a\nb\n');
    expect(code).toBe('CSVEscapingRecordDelimiter');
  });

  it('reports progress while scanning and stops when the signal aborts', async () => {
    const seen: SelectStats[] = [];
    const controller = new AbortController();
    const result = select(
      request(
        {
          expression: "SELECT * FROM S3Object s WHERE s._1 = 'never'",
          inputSerialization: { CSV: {} },
          signal: controller.signal,
          onProgress: (stats) => {
            seen.push(stats);
            if (seen.length === 3) controller.abort();
          },
        },
        (async function* () {
          for (;;) yield Buffer.from('row,1\n'.repeat(100));
        })(),
      ),
    );
    await expect(async () => {
      for await (const _ of result.records);
    }).rejects.toThrow(/abort/i);
    expect(seen.map((s) => s.bytesScanned)).toEqual([600, 1200, 1800]);
  });
});
