import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MemoryBlobStore } from './memory-blob-store.ts';

const text = async (stream: Readable) => {
  let out = '';
  for await (const chunk of stream) out += chunk;
  return out;
};

describe('MemoryBlobStore', () => {
  it('refuses a body that would pass its memory cap with EntityTooLarge naming the data-dir way out', async () => {
    const store = new MemoryBlobStore(10);
    await store.write(Readable.from([Buffer.from('123456')]));
    await expect(store.write(Readable.from([Buffer.from('12345')]))).rejects.toMatchObject({
      code: 'EntityTooLarge',
      message: expect.stringContaining('--data-dir'),
    });
  });

  it('gives the space back when a blob is removed, and serves byte ranges', async () => {
    const store = new MemoryBlobStore(10);
    const first = await store.write(Readable.from([Buffer.from('0123456789')]));
    expect(await text(store.read(first.id, { start: 2, end: 4 }))).toBe('234');
    await store.remove(first.id);
    const second = await store.write(Readable.from([Buffer.from('abcdefghij')]));
    expect(await text(store.read(second.id))).toBe('abcdefghij');
  });
});
