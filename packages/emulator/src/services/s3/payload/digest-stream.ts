import { Transform, type TransformCallback } from 'node:stream';
import type { Hasher } from './checksums.ts';

/** Feeds every byte to the digests on its way through, counting them. */
export class DigestStream extends Transform {
  size = 0;

  constructor(private readonly hashers: Hasher[]) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    for (const hasher of this.hashers) hasher.update(chunk);
    callback(null, chunk);
  }
}
