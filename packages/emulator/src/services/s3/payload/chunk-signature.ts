import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningInfo } from '../../../core/types.ts';

const EMPTY_SHA256 = createHash('sha256').digest('hex');

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** SigV4's derived key: HMAC chain over date, region, service and "aws4_request". */
export function deriveSigningKey(secret: string, shortDate: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, shortDate), region), service), 'aws4_request');
}

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The signature chain of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD upload: each chunk is signed over the
 * previous signature (the seed is the request's own), and the trailer over the last chunk's
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html).
 * Written with node:crypto because @smithy/signature-v4 signs chunks but exposes no verifier.
 */
export class ChunkSignatureChain {
  private previous: string;
  private readonly key: Buffer;
  private readonly scope: string;

  constructor(private readonly signing: SigningInfo) {
    this.previous = signing.signature;
    this.key = deriveSigningKey(signing.secretAccessKey, signing.shortDate, signing.region, signing.service);
    this.scope = `${signing.shortDate}/${signing.region}/${signing.service}/aws4_request`;
  }

  /** Checks one chunk's signature given the sha256 (hex) of its data, then advances the chain. */
  verifyChunk(signature: string, dataSha256Hex: string): boolean {
    const stringToSign = [
      'AWS4-HMAC-SHA256-PAYLOAD',
      this.signing.amzDate,
      this.scope,
      this.previous,
      EMPTY_SHA256,
      dataSha256Hex,
    ].join('\n');
    return this.advance(stringToSign, signature);
  }

  /** Checks the trailer signature over the trailing header lines (`name:value\n` each). */
  verifyTrailer(signature: string, canonicalTrailers: string): boolean {
    const digest = createHash('sha256').update(canonicalTrailers, 'utf8').digest('hex');
    const stringToSign = [
      'AWS4-HMAC-SHA256-TRAILER',
      this.signing.amzDate,
      this.scope,
      this.previous,
      digest,
    ].join('\n');
    return this.advance(stringToSign, signature);
  }

  private advance(stringToSign: string, signature: string): boolean {
    const expected = createHmac('sha256', this.key).update(stringToSign, 'utf8').digest('hex');
    if (!sameSignature(expected, signature)) return false;
    this.previous = expected;
    return true;
  }
}
