import { SelectError } from './errors.ts';
import { type ByteSource, countBytes, isFileSource, readChunks } from './io/byte-source.ts';
import { CsvReader } from './io/csv-reader.ts';
import { CsvWriter } from './io/csv-writer.ts';
import { decompress } from './io/decompress.ts';
import { JsonDocumentReader, JsonLinesReader } from './io/json-reader.ts';
import { JsonWriter } from './io/json-writer.ts';
import type { RecordReader, RecordSink } from './io/record-reader.ts';
import { type ByteRange, sliceScanRange } from './io/scan-range.ts';
import { decodeUtf8 } from './io/utf8-decoder.ts';
import {
  type InputSerialization,
  type OutputSerialization,
  type ResolvedInput,
  resolveInputSerialization,
  resolveOutputSerialization,
  type ScanRange,
} from './serialization.ts';
import { compileQuery } from './sql/index.ts';
import type { CompiledQuery, OutputColumn, SqlRecord } from './sql/types.ts';

export interface SelectRequest {
  /** The SQL expression, as in SelectObjectContentRequest.Expression. */
  expression: string;
  /** The object's bytes (stored as-is, so still compressed when CompressionType says so). */
  input: ByteSource;
  inputSerialization: InputSerialization;
  outputSerialization: OutputSerialization;
  scanRange?: ScanRange;
  /** The object's size in bytes: needed for a ScanRange with End only ("the last N bytes"). */
  objectSize?: number;
  signal?: AbortSignal;
  /**
   * Called after each input chunk is processed, with the running totals — the hook for Progress events and
   * keep-alives (Cont) during long scans that return nothing. Runs between two `records` chunks.
   */
  onProgress?: (stats: SelectStats) => void;
}

/** The Stats / Progress event fields (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Stats.html). */
export interface SelectStats {
  /** Object bytes read (compressed size for GZIP/BZIP2). */
  bytesScanned: number;
  /** Bytes after decompression. */
  bytesProcessed: number;
  /** Output bytes produced so far. */
  bytesReturned: number;
}

export interface SelectResult {
  /** Output chunks, each a run of whole records, at most ~64 KiB unless one record is larger. */
  records: AsyncIterable<Uint8Array>;
  /** Running totals; final once `records` is exhausted. */
  stats(): SelectStats;
}

const OUTPUT_CHUNK_CHARS = 64 * 1024;

/**
 * Runs an S3 Select query over an object's bytes as they stream in. Request errors (bad SQL, bad serialization,
 * a ScanRange S3 refuses) throw here, before any output — the emulator answers those as plain S3 errors; data
 * errors (bad CSV, invalid UTF-8, a CAST that fails) throw from `records` once the scan reaches them.
 */
export function select(request: SelectRequest): SelectResult {
  const input = resolveInputSerialization(request.inputSerialization);
  const writer = outputWriter(request.outputSerialization);
  const query = compileQuery(request.expression, { format: input.input.format });
  const range = resolveScanRange(request, input);
  const stats: SelectStats = { bytesScanned: 0, bytesProcessed: 0, bytesReturned: 0 };
  const scan = input.input.format === 'PARQUET' ? scanParquet : scanText;
  return {
    records: emit(
      scan(request, input, range, stats),
      query,
      writer,
      stats,
      request,
      input.input.format === 'CSV',
    ),
    stats: () => ({ ...stats }),
  };
}

type CsvRecord = Extract<SqlRecord, { kind: 'csv' }>;

type Writer = { write(columns: OutputColumn[]): string; writeFields?(fields: string[]): string };

function outputWriter(serialization: OutputSerialization): Writer {
  const output = resolveOutputSerialization(serialization);
  return output.format === 'CSV' ? new CsvWriter(output.csv) : new JsonWriter(output.recordDelimiter);
}

/**
 * A batch of input records, fed to a sink. Text formats push chunk by chunk through a RecordReader; Parquet
 * hands over one row group at a time. Returning false from `feed` means the sink asked to stop.
 */
type Batch = { feed(sink: RecordSink): boolean };

async function* emit(
  batches: AsyncIterable<Batch>,
  query: CompiledQuery,
  writer: Writer,
  stats: SelectStats,
  request: SelectRequest,
  csvInput: boolean,
): AsyncGenerator<Uint8Array> {
  const limit = query.limit;
  if (limit === 0) return;
  // Output lines are collected in an array and joined once per chunk: `+=` on one string would build a deep
  // rope that costs more to flatten than the whole scan.
  let out: string[] = [];
  let outChars = 0;
  const append = (text: string) => {
    out.push(text);
    outChars += text.length;
  };
  let emitted = 0;
  const writeFields = csvInput && query.selectsStar ? writer.writeFields?.bind(writer) : undefined;
  const sink: RecordSink = query.aggregate
    ? (record) => {
        query.accumulate(record);
        return true;
      }
    : query.unnests
      ? (record) => {
          // A FROM path with a wildcard (S3Object[*].items[*]) yields several rows per record.
          for (const columns of query.evaluateAll(record)) {
            append(writer.write(columns));
            emitted++;
            if (limit !== undefined && emitted >= limit) return false;
          }
          return true;
        }
      : writeFields
        ? (record) => {
            // SELECT * from CSV into CSV: WHERE alone, then the fields go out as they came in.
            if (!query.matches(record)) return true;
            append(writeFields((record as CsvRecord).fields));
            emitted++;
            return limit === undefined || emitted < limit;
          }
        : (record) => {
            const columns = query.evaluate(record);
            if (columns === undefined) return true;
            append(writer.write(columns));
            emitted++;
            return limit === undefined || emitted < limit;
          };
  const flush = () => {
    const chunk = Buffer.from(out.join(''));
    out = [];
    outChars = 0;
    stats.bytesReturned += chunk.length;
    return chunk;
  };
  try {
    for await (const batch of batches) {
      request.signal?.throwIfAborted();
      const more = batch.feed(sink);
      if (outChars >= OUTPUT_CHUNK_CHARS) yield flush();
      if (!more) break;
      request.onProgress?.({ ...stats });
    }
    if (query.aggregate) append(writer.write(query.finish()));
  } catch (err) {
    // Records produced before a data error still reach the caller, as they would from S3, then the error.
    if (outChars > 0 && !request.signal?.aborted) yield flush();
    throw err;
  }
  if (outChars > 0) yield flush();
}

async function* scanText(
  request: SelectRequest,
  resolved: ResolvedInput,
  range: ByteRange | undefined,
  stats: SelectStats,
): AsyncGenerator<Batch> {
  const format = resolved.input;
  const reader: RecordReader =
    format.format === 'CSV'
      ? new CsvReader(format.csv)
      : format.format === 'JSON' && format.type === 'LINES'
        ? new JsonLinesReader()
        : new JsonDocumentReader();
  const recordDelimiter = format.format === 'CSV' ? format.csv.recordDelimiter : '\n';
  const keepHeader = format.format === 'CSV' && format.csv.fileHeaderInfo !== 'NONE';
  // A file can start reading just before the range (the byte before `start` tells whether a record starts there).
  const offset = range && isFileSource(request.input) && !keepHeader ? Math.max(0, range.start - 2) : 0;
  let bytes: AsyncIterable<Uint8Array> = readChunks(request.input, offset);
  if (range)
    bytes = sliceScanRange(bytes, { ...range, recordDelimiter, keepFirstRecord: keepHeader, offset });
  bytes = countBytes(bytes, (n) => {
    stats.bytesScanned += n;
  });
  bytes = countBytes(decompress(bytes, resolved.compression), (n) => {
    stats.bytesProcessed += n;
  });
  let stopped = false;
  for await (const text of decodeUtf8(bytes)) {
    yield {
      feed: (sink) => {
        stopped = !reader.write(text, sink);
        return !stopped;
      },
    };
    if (stopped) return;
  }
  yield { feed: (sink) => reader.end(sink) };
}

async function* scanParquet(
  request: SelectRequest,
  _resolved: ResolvedInput,
  range: ByteRange | undefined,
  stats: SelectStats,
): AsyncGenerator<Batch> {
  // Loaded on first use: hyparquet and its codecs add ~9 MB of RSS to every process that imports them, and
  // most queries read CSV or JSON.
  const { readParquetRows } = await import('./io/parquet-reader.ts');
  const rows = readParquetRows(request.input, {
    ...(range ? { range } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    onBytes: (n) => {
      stats.bytesScanned += n;
      stats.bytesProcessed += n;
    },
  });
  for await (const group of rows) {
    yield {
      feed: (sink) => {
        for (const value of group) if (!sink({ kind: 'json', value })) return false;
        return true;
      },
    };
  }
}

/**
 * S3 accepts ScanRange for uncompressed CSV without quoted record delimiters, JSON LINES and Parquet
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/selecting-content-from-objects.html).
 */
function resolveScanRange(request: SelectRequest, resolved: ResolvedInput): ByteRange | undefined {
  const scanRange = request.scanRange;
  if (scanRange === undefined || (scanRange.Start === undefined && scanRange.End === undefined))
    return undefined;
  const format = resolved.input;
  const supported =
    resolved.compression === 'NONE' &&
    (format.format === 'PARQUET' ||
      (format.format === 'JSON' && format.type === 'LINES') ||
      (format.format === 'CSV' && !format.csv.allowQuotedRecordDelimiter));
  if (!supported) {
    throw new SelectError(
      'UnsupportedScanRangeInput',
      'Scan range queries are not supported on this type of object: use uncompressed CSV without ' +
        'AllowQuotedRecordDelimiter, JSON LINES, or Parquet, or drop the ScanRange.',
    );
  }
  const { Start, End } = scanRange;
  if ((Start !== undefined && Start < 0) || (End !== undefined && End < 0)) {
    throw new SelectError('InvalidRequest', 'ScanRange Start and End must be non-negative integers.');
  }
  if (Start === undefined) {
    if (request.objectSize === undefined) {
      throw new SelectError(
        'InvalidRequest',
        'A ScanRange with only End needs the object size (objectSize).',
      );
    }
    return { start: Math.max(0, request.objectSize - (End as number)), end: request.objectSize - 1 };
  }
  const end = End ?? Number.POSITIVE_INFINITY;
  if (end < Start) throw new SelectError('InvalidRequest', 'ScanRange End must not be less than Start.');
  return { start: Start, end };
}
