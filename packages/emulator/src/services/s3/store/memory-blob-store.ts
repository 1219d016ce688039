import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { BlobStore } from './blob-store.ts';
import type { ByteRange } from './types.ts';

/** 256 MiB: a Cloud9 instance has 1 GiB, and the rest of the course needs some of it. */
export const DEFAULT_MEMORY_LIMIT = 256 * 1024 * 1024;

/** Bodies as Buffers, for the default in-memory emulator; total size capped so a runaway test cannot OOM. */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Buffer>();
  private used = 0;

  constructor(private readonly limit = DEFAULT_MEMORY_LIMIT) {}

  async write(source: Readable | Buffer): Promise<{ id: string; size: number }> {
    if (Buffer.isBuffer(source)) {
      this.reserve(source.length);
      // A copy: the request's chunk may be a slice of a larger socket buffer, which must not be kept.
      return this.keep(Buffer.concat([source], source.length));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of source) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      try {
        this.reserve(size);
      } catch (error) {
        source.destroy();
        throw error;
      }
      chunks.push(buffer);
    }
    return this.keep(Buffer.concat(chunks, size));
  }

  /** Throws EntityTooLarge when `size` more bytes would pass the limit. */
  private reserve(size: number): void {
    if (this.used + size > this.limit) {
      throw s3Errors.entityTooLarge(
        `The in-memory emulator holds at most ${this.limit >> 20} MiB of object data; start it with a data directory (cloudlab emulator --data-dir DIR) to store more.`,
      );
    }
  }

  private keep(body: Buffer): { id: string; size: number } {
    const id = randomUUID();
    this.blobs.set(id, body);
    this.used += body.length;
    return { id, size: body.length };
  }

  read(id: string, range?: ByteRange): Readable {
    const blob = this.blobs.get(id) ?? Buffer.alloc(0);
    const view = range ? blob.subarray(range.start, range.end + 1) : blob;
    // One chunk per 64 KiB so a large body honours back-pressure instead of one giant write.
    return Readable.from(chunked(view), { objectMode: false });
  }

  async remove(id: string): Promise<void> {
    const blob = this.blobs.get(id);
    if (!blob) return;
    this.used -= blob.length;
    this.blobs.delete(id);
  }

  /** How many bodies and bytes are held (what counts against the limit). */
  get usage(): { blobs: number; bytes: number } {
    return { blobs: this.blobs.size, bytes: this.used };
  }

  filePath(): undefined {
    return undefined;
  }
}

function* chunked(buffer: Buffer): Generator<Buffer> {
  const size = 64 * 1024;
  for (let offset = 0; offset < buffer.length; offset += size) yield buffer.subarray(offset, offset + size);
}
