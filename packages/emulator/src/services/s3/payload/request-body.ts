import type { Readable } from 'node:stream';
import type { RequestContext } from '../../../core/types.ts';
import { headerOf, type WireRequest } from '../../../core/wire.ts';
import {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  checksumHeaderName,
  parseChecksumAlgorithm,
} from './checksums.ts';
import { type ReceivedBody, type ReceiveOptions, receiveBody, receiveDocument } from './receive-body.ts';

/**
 * An S3 request's body as operations see it: a stream they can only read through the verifier
 * (receive-body.ts: SigV4 chunk signatures, aws-chunked decoding, Content-MD5 and flexible checksums),
 * and what the request claims about its integrity.
 */
export class RequestBody {
  constructor(
    private readonly request: WireRequest,
    private readonly ctx: RequestContext,
  ) {}

  /**
   * A small XML request document, whole and verified; charged to the caller's ingress (core/ingress-ledger.ts)
   * as the front door charges the bodies it reads: tags and the like are kept, object bodies have their own share.
   */
  async document(): Promise<Buffer> {
    const document = await receiveDocument(this.request, this.ctx);
    this.ctx.runtime.ingress.charge(this.ctx.principal.accountId, document.length, 'rest-xml');
    return document;
  }

  /** Streams the body into `sink`, verified; `discard` undoes what `sink` wrote when a check fails. */
  receive<T>(
    sink: (body: Readable | Buffer) => Promise<T>,
    discard: (written: T) => Promise<void>,
    options: ReceiveOptions,
  ): Promise<{ result: T; body: ReceivedBody }> {
    return receiveBody(this.request, this.ctx, sink, discard, options);
  }

  /** True when the request carries a digest of its body: Content-MD5, a flexible checksum, or a trailer. */
  claimsIntegrity(): boolean {
    const header = (name: string) => headerOf(this.request, name);
    return (
      header('content-md5') !== undefined ||
      header('x-amz-trailer') !== undefined ||
      Object.keys(this.request.headers).some(
        (name) => name.startsWith('x-amz-checksum-') && name !== 'x-amz-checksum-mode',
      )
    );
  }

  /** The flexible checksum algorithm the body is sent with (a header, or one promised in the trailer). */
  claimedAlgorithm(): ChecksumAlgorithm | undefined {
    const header = (name: string) => headerOf(this.request, name);
    return (
      CHECKSUM_ALGORITHMS.find((algorithm) => header(checksumHeaderName(algorithm)) !== undefined) ??
      parseChecksumAlgorithm(header('x-amz-trailer')?.replace(/^x-amz-checksum-/i, ''))
    );
  }
}
