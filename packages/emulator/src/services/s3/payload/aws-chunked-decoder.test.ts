import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder } from './aws-chunked-decoder.ts';

async function decode(encoded: Buffer, pieceSize: number) {
  const pieces: Buffer[] = [];
  for (let i = 0; i < encoded.length; i += pieceSize) pieces.push(encoded.subarray(i, i + pieceSize));
  const decoder = new AwsChunkedDecoder();
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(pieces).pipe(decoder)) out.push(chunk as Buffer);
  return { body: Buffer.concat(out).toString(), trailers: Object.fromEntries(decoder.trailers) };
}

const encoded = Buffer.from('5\r\nhello\r\n7\r\n, world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n');

describe('AwsChunkedDecoder', () => {
  it.each([1, 2, 3, 7, 1000])(
    'decodes the same payload and trailer whatever the network splits (%i-byte pieces)',
    async (size) => {
      expect(await decode(encoded, size)).toEqual({
        body: 'hello, world',
        trailers: { 'x-amz-checksum-crc32': 'AAAAAA==' },
      });
    },
  );

  it('accepts the SDK ending without a checksum right after the zero chunk', async () => {
    expect(await decode(Buffer.from('3\r\nabc\r\n0\r\n'), 4)).toEqual({ body: 'abc', trailers: {} });
  });

  it.each([
    ['a chunk shorter than its size', '5\r\nhel'],
    ['no zero-size chunk', '5\r\nhello\r\n'],
    ['a size that is not hex', 'zz\r\nhello\r\n0\r\n\r\n'],
    ['data not followed by CRLF', '5\r\nhelloXX0\r\n\r\n'],
  ])('rejects %s', async (_name, text) => {
    await expect(decode(Buffer.from(text), 3)).rejects.toMatchObject({ statusCode: 400 });
  });
});
