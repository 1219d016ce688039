import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type AsyncBuffer,
  asyncBufferFromFile,
  type FileMetaData,
  parquetMetadataAsync,
  parquetReadObjects,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { SelectError } from '../errors.ts';
import { type ByteSource, isFileSource, readChunks } from './byte-source.ts';
import type { ByteRange } from './scan-range.ts';

export interface ParquetScanOptions {
  /** Row groups whose first byte lies in the range are read (S3's ScanRange rule for Parquet). */
  range?: ByteRange;
  /** Called with the byte count of every read from the file, for BytesScanned. */
  onBytes: (n: number) => void;
  signal?: AbortSignal;
}

function parquetParsingError(err: unknown): SelectError {
  return new SelectError(
    'ParquetParsingError',
    `Error parsing the Parquet object (${(err as Error).message}); check that it is a valid Parquet file.`,
  );
}

/**
 * Reads Parquet with hyparquet and yields the rows of one row group at a time, so memory is bounded by the
 * largest row group. Parquet needs random access (the footer first): a file path is read in place, a byte
 * array directly, and a stream is spooled to a temp file first.
 */
export async function* readParquetRows(
  source: ByteSource,
  options: ParquetScanOptions,
): AsyncGenerator<unknown[]> {
  const direct = isFileSource(source) || source instanceof Uint8Array ? source : undefined;
  const spooled = direct ? undefined : await spool(source);
  try {
    const file = await openBuffer(direct ?? { path: (spooled as { path: string }).path }, options.onBytes);
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (err) {
      throw parquetParsingError(err);
    }
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      if (inRange(groupStart(group.columns), options.range)) {
        options.signal?.throwIfAborted();
        let rows: Record<string, unknown>[];
        try {
          rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors });
        } catch (err) {
          throw parquetParsingError(err);
        }
        yield rows.map(toJsonRow);
      }
      rowStart = rowEnd;
    }
  } finally {
    if (spooled) await rm(spooled.dir, { recursive: true, force: true });
  }
}

function groupStart(columns: FileMetaData['row_groups'][number]['columns']): number {
  let start = Number.POSITIVE_INFINITY;
  for (const column of columns) {
    const meta = column.meta_data;
    if (!meta) continue;
    start = Math.min(start, Number(meta.dictionary_page_offset ?? meta.data_page_offset));
  }
  return start;
}

function inRange(offset: number, range: ByteRange | undefined): boolean {
  return range === undefined || (offset >= range.start && offset <= range.end);
}

async function openBuffer(
  source: { path: string } | Uint8Array,
  onBytes: (n: number) => void,
): Promise<AsyncBuffer> {
  const inner: AsyncBuffer = isFileSource(source)
    ? await asyncBufferFromFile(source.path)
    : {
        byteLength: source.byteLength,
        slice: (start, end) => source.slice(start, end).buffer as ArrayBuffer,
      };
  return {
    byteLength: inner.byteLength,
    async slice(start, end) {
      const bytes = await inner.slice(start, end);
      onBytes(bytes.byteLength);
      return bytes;
    },
  };
}

async function spool(source: ByteSource): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'cloudlab-parquet-'));
  const path = join(dir, 'object.parquet');
  try {
    await pipeline(Readable.from(readChunks(source)), createWriteStream(path));
  } catch (error) {
    // The caller removes the folder only once it has it: a body that fails midway must not leave it behind.
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, path };
}

/** Parquet values as the JSON-shaped records the evaluator reads: INT64 as numbers, bytes as UTF-8 text. */
function toJsonRow(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(toJsonRow);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) out[key] = toJsonRow(member);
    return out;
  }
  return value;
}
