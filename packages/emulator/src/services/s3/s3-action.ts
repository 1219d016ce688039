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
 * How S3's REST binding names an operation: the method, what the path points at, and the query
 * sub-resource (or parameter value) and copy-source header that tell operations on one path apart.
 * routing/operation-router.ts builds the router from these.
 */
export interface S3Route {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';
  readonly on: 'service' | 'bucket' | 'object';
  /** A query parameter that selects the operation (`tagging`, `uploads`), or one with a value (`list-type=2`). */
  readonly subresource?: string | { readonly name: string; readonly value: string };
  /** True when the `x-amz-copy-source` header selects it (CopyObject, UploadPartCopy). */
  readonly copySource?: boolean;
}

/**
 * An S3 operation: its name, IAM action and route. Unlike the other services', its handler takes the
 * parsed request (S3Call) rather than the `@aws-sdk/client-s3` input shape: S3's binding of input members
 * to headers and query is its own.
 */
export interface S3Operation extends Operation<S3Call, S3Result> {
  readonly http: S3Route;
}
