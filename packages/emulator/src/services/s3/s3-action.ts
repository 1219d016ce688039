import type { Operation } from '../../core/operation.ts';
import type { RequestContext } from '../../core/types.ts';
import type { WireRequest } from '../../core/wire.ts';
import type { RestXmlOutput } from '../../protocols/rest-xml.ts';
import type { S3Store } from './store/s3-store.ts';

/**
 * One parsed S3 request, as every operation receives it: S3's REST-XML binding spreads an operation's input
 * over the path, the query, headers and a streamed body, and the operations read them here.
 */
export interface S3Call {
  /** The request's headers and its body stream (read through payload/receive-body.ts, which verifies it). */
  request: WireRequest;
  ctx: RequestContext;
  store: S3Store;
  /** '' for service-level operations. */
  bucket: string;
  /** '' for bucket-level operations. */
  key: string;
  query: URLSearchParams;
  /** A request header (lower-case name), repeated values joined with ','. */
  header(name: string): string | undefined;
}

/** What an operation answers: status, headers, an XML document or a body stream (protocols/rest-xml.ts). */
export type S3Result = RestXmlOutput;

/**
 * An S3 operation. Unlike the other services', its handler takes the parsed request (S3Call) rather than
 * the `@aws-sdk/client-s3` input shape: S3's binding of input members to headers and query is its own.
 */
export type S3Operation = Operation<S3Call, S3Result>;
