import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { s3Errors } from '../protocol/s3-errors.ts';
import type { ChunkSignatureChain } from './chunk-signature.ts';

const CRLF = Buffer.from('\r\n');
/** Longest chunk header or trailer line we accept: the real ones are under 200 bytes. */
const MAX_LINE = 8 * 1024;

export interface AwsChunkedOptions {
  /** Verifies `chunk-signature` extensions (signed streaming); undefined for unsigned streams. */
  signatures?: ChunkSignatureChain;
}

type State = 'header' | 'data' | 'data-crlf' | 'trailer' | 'done';

/**
 * Decodes S3's `aws-chunked` content encoding as the bytes arrive:
 * `<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n … 0[;chunk-signature=<sig>]\r\n[<trailer lines>\r\n]\r\n`
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html). Emits only the payload bytes;
 * the trailing headers (x-amz-checksum-*) are in `trailers` once the stream ends.
 * Hand-written: no maintained npm package decodes aws-chunked, let alone verifies its chunk signatures,
 * and a Transform keeps memory flat for any object size.
 */
export class AwsChunkedDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  private state: State = 'header';
  private line = Buffer.alloc(0);
  private remaining = 0;
  private crlfSeen = 0;
  private chunkSignature: string | undefined;
  private chunkHash: Hash | undefined;
  private trailerText = '';
  private trailerSignature: string | undefined;
  decodedLength = 0;

  constructor(private readonly options: AwsChunkedOptions = {}) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    // The SDK ends an unsigned stream without a checksum right after `0\r\n`: no closing blank line.
    const finished = this.state === 'done' || (this.state === 'trailer' && this.line.length === 0);
    if (!finished) {
      callback(s3Errors.incompleteBody());
      return;
    }
    try {
      this.checkTrailerSignature();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  private consume(input: Buffer): void {
    let offset = 0;
    while (offset < input.length) {
      switch (this.state) {
        case 'header':
        case 'trailer': {
          const end = input.indexOf(CRLF[1] as number, offset);
          const stop = end === -1 ? input.length : end + 1;
          this.line = Buffer.concat([this.line, input.subarray(offset, stop)]);
          offset = stop;
          if (this.line.length > MAX_LINE) throw malformed();
          if (end === -1) break;
          if (this.line[this.line.length - 2] !== CRLF[0]) throw malformed();
          const text = this.line.subarray(0, -2).toString('latin1');
          this.line = Buffer.alloc(0);
          if (this.state === 'header') this.onHeader(text);
          else this.onTrailerLine(text);
          break;
        }
        case 'data': {
          const take = Math.min(this.remaining, input.length - offset);
          const data = input.subarray(offset, offset + take);
          this.chunkHash?.update(data);
          this.push(data);
          this.decodedLength += take;
          this.remaining -= take;
          offset += take;
          if (this.remaining === 0) this.state = 'data-crlf';
          break;
        }
        case 'data-crlf': {
          if (input[offset] !== CRLF[this.crlfSeen]) throw malformed();
          offset++;
          if (++this.crlfSeen === 2) {
            this.crlfSeen = 0;
            this.endChunk();
            this.state = 'header';
          }
          break;
        }
        case 'done':
          // Anything after the final blank line is ignored, as S3 does.
          offset = input.length;
          break;
      }
    }
  }

  private onHeader(text: string): void {
    const [sizeText = '', ...extensions] = text.split(';');
    if (!/^[0-9a-fA-F]+$/.test(sizeText.trim())) throw malformed();
    const size = Number.parseInt(sizeText.trim(), 16);
    this.chunkSignature = undefined;
    for (const extension of extensions) {
      const [name, value] = extension.split('=');
      if (name?.trim() === 'chunk-signature') this.chunkSignature = value?.trim();
    }
    if (this.options.signatures) {
      if (!this.chunkSignature) throw s3Errors.signatureDoesNotMatch();
      this.chunkHash = createHash('sha256');
    }
    if (size === 0) {
      this.endChunk();
      this.state = 'trailer';
      return;
    }
    this.remaining = size;
    this.state = 'data';
  }

  private endChunk(): void {
    if (!this.options.signatures || !this.chunkHash) return;
    const ok = this.options.signatures.verifyChunk(this.chunkSignature ?? '', this.chunkHash.digest('hex'));
    this.chunkHash = undefined;
    if (!ok) throw s3Errors.signatureDoesNotMatch();
  }

  private onTrailerLine(text: string): void {
    if (text === '') {
      this.state = 'done';
      return;
    }
    const colon = text.indexOf(':');
    if (colon <= 0) throw malformed();
    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      this.trailerSignature = value;
      return;
    }
    this.trailers.set(name, value);
    this.trailerText += `${name}:${value}\n`;
  }

  private checkTrailerSignature(): void {
    if (!this.options.signatures || this.trailers.size === 0) return;
    if (
      !this.trailerSignature ||
      !this.options.signatures.verifyTrailer(this.trailerSignature, this.trailerText)
    ) {
      throw s3Errors.signatureDoesNotMatch();
    }
  }
}

function malformed() {
  return s3Errors.invalidRequest(
    'The aws-chunked body is malformed: expected <hex size>[;chunk-signature=…]\\r\\n<data>\\r\\n chunks ending with a 0-size chunk.',
  );
}
