import type { Readable } from 'node:stream';
import type { ByteRange } from './types.ts';

/**
 * Where object and part bodies live. Bodies are addressed by a random id the store picks, never by the
 * object key, so no key (unicode, `../`, 1 KiB long) can name a file.
 */
export interface BlobStore {
  /**
   * Keeps `source` (consumed to its end, or a small body already read whole) as a new blob of `owner` (the
   * account whose bucket it is stored in, for a store that limits each account's share).
   * Nothing is visible until metadata names it.
   */
  write(source: Readable | Buffer, owner?: string): Promise<{ id: string; size: number }>;
  read(id: string, range?: ByteRange): Readable;
  remove(id: string): Promise<void>;
  /** The blob's file on disk, when there is one. */
  filePath(id: string): string | undefined;
}
