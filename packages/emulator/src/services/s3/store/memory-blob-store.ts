import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { BlobStore } from './blob-store.ts';
import type { ByteRange } from './types.ts';

/** 256 MiB: a Cloud9 instance has 1 GiB, and the rest of the course needs some of it. */
export const DEFAULT_MEMORY_LIMIT = 256 * 1024 * 1024;

/**
 * Bodies as Buffers, for the default in-memory emulator; total size capped so a runaway test cannot OOM, and,
 * with `ownerLimit`, each owner's share too (accountLimits.objectBytes): in a batch one learner filling the
 * store must not make another learner's uploads fail.
 */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, { body: Buffer; owner: string | undefined }>();
  private used = 0;
  private readonly usedBy = new Map<string, number>();

  constructor(
    private readonly limit = DEFAULT_MEMORY_LIMIT,
    private readonly ownerLimit?: number,
  ) {}

  async write(source: Readable | Buffer, owner?: string): Promise<{ id: string; size: number }> {
    if (Buffer.isBuffer(source)) {
      this.reserve(source.length, owner);
      // A copy: the request's chunk may be a slice of a larger socket buffer, which must not be kept.
      return this.keep(Buffer.concat([source], source.length), owner);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of source) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      try {
        this.reserve(size, owner);
      } catch (error) {
        source.destroy();
        throw error;
      }
      chunks.push(buffer);
    }
    return this.keep(Buffer.concat(chunks, size), owner);
  }

  /** Throws EntityTooLarge when `size` more bytes would pass the limit, or the owner's share of it. */
  private reserve(size: number, owner: string | undefined): void {
    if (this.used + size > this.limit) {
      throw s3Errors.entityTooLarge(
        `The in-memory emulator holds at most ${this.limit >> 20} MiB of object data; start it with a data directory (cloudlab emulator --data-dir DIR) to store more.`,
      );
    }
    if (owner !== undefined && this.ownerLimit !== undefined) {
      if ((this.usedBy.get(owner) ?? 0) + size > this.ownerLimit) {
        throw s3Errors.entityTooLarge(
          `This account holds at most ${this.ownerLimit >> 20} MiB of object data in this shared emulator (a batch's share per learner); delete objects to store more.`,
        );
      }
    }
  }

  private keep(body: Buffer, owner: string | undefined): { id: string; size: number } {
    const id = randomUUID();
    this.blobs.set(id, { body, owner });
    this.used += body.length;
    if (owner !== undefined) this.usedBy.set(owner, (this.usedBy.get(owner) ?? 0) + body.length);
    return { id, size: body.length };
  }

  read(id: string, range?: ByteRange): Readable {
    const blob = this.blobs.get(id)?.body ?? Buffer.alloc(0);
    const view = range ? blob.subarray(range.start, range.end + 1) : blob;
    // One chunk per 64 KiB so a large body honours back-pressure instead of one giant write.
    return Readable.from(chunked(view), { objectMode: false });
  }

  async remove(id: string): Promise<void> {
    const blob = this.blobs.get(id);
    if (!blob) return;
    this.used -= blob.body.length;
    if (blob.owner !== undefined) {
      const left = (this.usedBy.get(blob.owner) ?? 0) - blob.body.length;
      if (left > 0) this.usedBy.set(blob.owner, left);
      else this.usedBy.delete(blob.owner);
    }
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
