import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, openSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from './blob-store.ts';
import type { ByteRange } from './types.ts';

const BLOB_ID = /^[0-9a-f-]{36}$/;

/**
 * Bodies as files under `<dir>/blobs/<2 hex>/<uuid>`: streamed to a temp file, fsync'd, then renamed into
 * place, so a crash leaves either the whole body or nothing, and memory stays flat whatever the size.
 */
export class DiskBlobStore implements BlobStore {
  private readonly blobsDir: string;
  private readonly tmpDir: string;

  constructor(dir: string) {
    this.blobsDir = join(dir, 'blobs');
    this.tmpDir = join(dir, 'tmp');
    mkdirSync(this.blobsDir, { recursive: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  async write(body: Readable | Buffer): Promise<{ id: string; size: number }> {
    const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
    const id = randomUUID();
    const tmp = join(this.tmpDir, `${id}.part`);
    let size = 0;
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    try {
      // flush() fsyncs before 'finish', so the bytes are durable before the rename publishes them.
      await pipeline(source, createWriteStream(tmp, { flush: true }));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    const target = this.pathOf(id);
    await mkdir(join(target, '..'), { recursive: true });
    await rename(tmp, target);
    await syncDir(join(target, '..'));
    return { id, size };
  }

  read(id: string, range?: ByteRange): Readable {
    // Open now, not lazily: an overwrite may unlink the file right after, and an open fd keeps it readable.
    const fd = openSync(this.pathOf(id), 'r');
    return createReadStream('', { fd, start: range?.start, end: range?.end, autoClose: true });
  }

  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
  }

  filePath(id: string): string {
    return this.pathOf(id);
  }

  /** Deletes every blob `keep` does not name (bodies of writes a crash cut short); returns how many went. */
  async sweep(keep: Set<string>): Promise<number> {
    let removed = 0;
    await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true });
    for (const shard of await readdir(this.blobsDir)) {
      for (const id of await readdir(join(this.blobsDir, shard))) {
        if (!keep.has(id)) {
          await rm(join(this.blobsDir, shard, id), { force: true });
          removed++;
        }
      }
    }
    return removed;
  }

  private pathOf(id: string): string {
    if (!BLOB_ID.test(id)) throw new Error(`not a blob id: ${id}`);
    return join(this.blobsDir, id.slice(0, 2), id);
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    await handle.sync().catch(() => undefined);
    await handle.close();
  } catch {
    // Some filesystems refuse fsync on directories; the file itself is already durable.
  }
}
