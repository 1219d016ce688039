import { SelectError } from '../errors.ts';

/**
 * Decodes UTF-8 chunk by chunk (a character split across two chunks is kept for the next one). Invalid bytes stop
 * the query with S3's InvalidTextEncoding rather than being replaced, as S3 Select does.
 */
export async function* decodeUtf8(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of chunks) {
    const text = decode(decoder, chunk);
    if (text.length > 0) yield text;
  }
  const rest = decode(decoder);
  if (rest.length > 0) yield rest;
}

function decode(decoder: InstanceType<typeof TextDecoder>, chunk?: Uint8Array): string {
  try {
    return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
  } catch {
    throw new SelectError(
      'InvalidTextEncoding',
      'The object is not valid UTF-8 text; S3 Select reads CSV and JSON as UTF-8 only — re-encode the object.',
    );
  }
}
