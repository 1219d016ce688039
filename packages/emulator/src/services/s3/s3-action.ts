import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { RequestContext } from '../../core/types.ts';
import type { XmlNode } from './protocol/xml.ts';
import type { S3Store } from './store/s3-store.ts';

/** One parsed S3 request, as every action receives it. */
export interface S3Call {
  req: IncomingMessage;
  /** For the rare action that streams its own reply (SelectObjectContent); others return an S3Result. */
  res: ServerResponse;
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

/** What an action answers; protocol/respond.ts turns it into HTTP in one place. */
export interface S3Result {
  status?: number;
  headers?: Record<string, string | number | undefined>;
  /** A response document: root element name and its children. */
  xml?: { root: string; value: XmlNode };
  body?: Readable | Buffer;
  /** The action wrote the response itself (the S3 Select event stream). */
  handled?: true;
}

export interface S3Action {
  /** The IAM action a policy must allow, e.g. `s3:GetObject`. */
  iamAction: string;
  handle(call: S3Call): Promise<S3Result>;
}
