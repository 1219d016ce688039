import { PassThrough, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SelectError } from '../errors.ts';

/**
 * Inflates GZIP (node:zlib, which also reads multi-member files) or BZIP2 (unbzip2-stream) as the compressed
 * bytes arrive, so memory stays bounded whatever the object's size.
 */
export function decompress(
  chunks: AsyncIterable<Uint8Array>,
  compression: 'NONE' | 'GZIP' | 'BZIP2',
): AsyncIterable<Uint8Array> {
  if (compression === 'NONE') return chunks;
  return inflate(chunks, compression);
}

async function* inflate(chunks: AsyncIterable<Uint8Array>, compression: 'GZIP' | 'BZIP2') {
  const source = Readable.from(chunks, { objectMode: false });
  let sourceError: unknown;
  let output: Readable;
  if (compression === 'GZIP') {
    // 64 KiB output chunks (zlib defaults to 16 KiB) quarter the per-chunk work downstream.
    const gunzip = createGunzip({ chunkSize: 64 * 1024 });
    source.pipe(gunzip);
    output = gunzip;
  } else {
    // unbzip2-stream is a classic `through` stream; a PassThrough gives it async iteration. Loaded on first
    // use, like the Parquet reader: BZIP2 objects are rare and the module costs ~3 MB of RSS.
    const { default: unbzip2 } = await import('unbzip2-stream');
    const decoder = unbzip2();
    const passThrough = new PassThrough();
    source.pipe(decoder).pipe(passThrough);
    decoder.on('error', (err: Error) => passThrough.destroy(err));
    output = passThrough;
  }
  source.on('error', (err) => {
    sourceError = err;
    output.destroy(err);
  });
  try {
    for await (const chunk of output as AsyncIterable<Uint8Array>) yield chunk;
  } catch (err) {
    if (err === sourceError || err instanceof SelectError) throw err;
    throw new SelectError(
      'InvalidCompressionFormat',
      `The object is not valid ${compression} data (${(err as Error).message}); ` +
        'check InputSerialization.CompressionType.',
    );
  } finally {
    source.destroy();
    output.destroy();
  }
}
