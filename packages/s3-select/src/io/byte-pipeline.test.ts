import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SelectError } from '../errors.ts';
import { readChunks } from './byte-source.ts';
import { decompress } from './decompress.ts';
import { decodeUtf8 } from './utf8-decoder.ts';

async function text(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  let out = '';
  for await (const t of decodeUtf8(chunks)) out += t;
  return out;
}

async function* byteByByte(bytes: Uint8Array) {
  for (const b of bytes) yield Uint8Array.of(b);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return err instanceof SelectError ? err.code : `not a SelectError: ${String(err)}`;
  }
  return 'no error';
}

const fixture = (name: string) => new URL(`../../test/fixtures/${name}`, import.meta.url);

describe('byte pipeline', () => {
  it('decodes UTF-8 characters split across chunks', async () => {
    expect(await text(byteByByte(Buffer.from('héllo, wörld — ✓ 𝄞')))).toBe('héllo, wörld — ✓ 𝄞');
  });

  it('answers InvalidTextEncoding for bytes that are not UTF-8', async () => {
    expect(await codeOf(text(readChunks(Uint8Array.of(0x61, 0xff, 0x62))))).toBe('InvalidTextEncoding');
  });

  it('inflates GZIP, including multi-member files, as bytes arrive', async () => {
    const gz = Buffer.concat([gzipSync('a,b\n'), gzipSync('c,d\n')]);
    expect(await text(decompress(byteByByte(gz), 'GZIP'))).toBe('a,b\nc,d\n');
  });

  it('inflates BZIP2', async () => {
    const bz2 = readFileSync(fixture('people.csv.bz2'));
    expect(await text(decompress(readChunks(bz2), 'BZIP2'))).toBe(
      readFileSync(fixture('people.csv'), 'utf8'),
    );
  });

  it('answers InvalidCompressionFormat for data that is not what CompressionType says', async () => {
    expect(await codeOf(text(decompress(readChunks(Buffer.from('plain text')), 'GZIP')))).toBe(
      'InvalidCompressionFormat',
    );
    expect(await codeOf(text(decompress(readChunks(Buffer.from('plain text')), 'BZIP2')))).toBe(
      'InvalidCompressionFormat',
    );
  });

  it('accepts a stream that yields strings (a Readable with setEncoding)', async () => {
    const stream = Readable.from(['héllo ', 'wörld']);
    expect(await text(readChunks(stream))).toBe('héllo wörld');
  });

  it('reads a file source from an offset', async () => {
    const all = readFileSync(fixture('people.csv'), 'utf8');
    expect(await text(readChunks({ path: fixture('people.csv').pathname }, 5))).toBe(all.slice(5));
  });
});
