import { createReadStream } from 'node:fs';

/**
 * Where the object's bytes come from. A stream or iterable is read once, front to back; a file path (what the
 * emulator has for a stored object) also allows the random access Parquet needs without spooling.
 */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array | { path: string };

export function isFileSource(source: ByteSource): source is { path: string } {
  return typeof (source as { path?: unknown }).path === 'string';
}

/** Reads any ByteSource as a stream of chunks, from byte `start` on (a file reads only from there). */
export async function* readChunks(source: ByteSource, start = 0): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    if (start < source.length) yield source.subarray(start);
    return;
  }
  if (isFileSource(source)) {
    yield* createReadStream(source.path, { start, highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>;
    return;
  }
  let offset = 0;
  for await (const item of source as AsyncIterable<Uint8Array | string>) {
    // A Readable with setEncoding() yields strings; the pipeline counts and decodes bytes.
    const chunk = typeof item === 'string' ? Buffer.from(item) : item;
    const from = Math.max(0, start - offset);
    offset += chunk.length;
    if (from < chunk.length) yield from === 0 ? chunk : chunk.subarray(from);
  }
}

/** Counts the bytes that pass, for the Stats event's BytesScanned / BytesProcessed. */
export async function* countBytes(chunks: AsyncIterable<Uint8Array>, count: (n: number) => void) {
  for await (const chunk of chunks) {
    count(chunk.length);
    yield chunk;
  }
}
