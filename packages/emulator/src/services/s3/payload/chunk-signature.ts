import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { getSigningKey } from '@smithy/signature-v4';
import type { SigningInfo } from '../../../core/types.ts';

const EMPTY_SHA256 = createHash('sha256').digest('hex');

class Sha256 extends Hash {
  constructor(secret?: Parameters<typeof Hash.prototype.update>[0]) {
    super('sha256', secret);
  }
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
 * The derived key comes from @smithy/signature-v4 (the SDK's signer); the library signs chunks but
 * exposes no verifier, so each link is one HMAC with that key here, compared in constant time.
 */
export class ChunkSignatureChain {
  private previous: string;
  private readonly scope: string;

  private constructor(
    private readonly signing: SigningInfo,
    private readonly key: Uint8Array,
  ) {
    this.previous = signing.signature;
    this.scope = `${signing.shortDate}/${signing.region}/${signing.service}/aws4_request`;
  }

  /** A chain seeded with the request's own signature, keyed for the request's scope. */
  static async start(signing: SigningInfo): Promise<ChunkSignatureChain> {
    const key = await getSigningKey(
      Sha256,
      { accessKeyId: signing.accessKeyId, secretAccessKey: signing.secretAccessKey },
      signing.shortDate,
      signing.region,
      signing.service,
    );
    return new ChunkSignatureChain(signing, key);
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
