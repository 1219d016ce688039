import type { Readable } from 'node:stream';

/**
 * A request and a response as the protocol adapters see them: the front door (server.ts) turns node's
 * IncomingMessage into a WireRequest and writes a WireResponse back, so no service touches node:http.
 */

export interface WireRequest {
  readonly method: string;
  /** The request target as sent: the raw path and query. */
  readonly target: string;
  /** Header values by lower-case name (a repeated header as a list). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as it arrives; only a streaming service (S3) reads it, the others get ctx.body. */
  readonly body: Readable;
  /** e.g. '1.1' (an HTTP API's event names its protocol). */
  readonly httpVersion: string;
  /** The client's address. */
  readonly remoteAddress?: string;
}

/** Header names and values: an object, or a flat [name, value, …] list, which node stores without building one. */
export type WireHeaders = Record<string, string | number> | (string | number)[];

export interface WireResponse {
  status: number;
  headers: WireHeaders;
  /** No body, a whole one, or a stream (an S3 download, the S3 Select event stream). */
  body?: string | Buffer | Readable;
}

/** A request header, repeated values joined with ','. */
export function headerOf(request: WireRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
