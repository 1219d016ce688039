import type { Readable } from 'node:stream';
import type { AwsError } from '../core/aws-error.ts';
import type { WireResponse } from '../core/wire.ts';
import { xmlDocument } from './xml.ts';

/**
 * The REST-XML protocol's answers (S3): an operation's output is its status, headers, and an XML document
 * or a body stream; every error, the front door's and S3's own, is written by `restXmlError`.
 */

export interface RestXmlOutput {
  status?: number;
  headers?: Record<string, string | number | undefined>;
  /** A response document: root element name and its children. */
  xml?: { root: string; value: Record<string, unknown> };
  body?: Readable | Buffer;
  /** The answer is an event stream (S3 Select, protocols/event-stream.ts), passed on as it is. */
  eventStream?: WireResponse;
}

/** Headers every REST-XML answer carries: S3's request id, and its extended one when the service has one. */
function idHeaders(requestId: string, hostId?: string): Record<string, string | number> {
  return hostId === undefined
    ? { 'x-amz-request-id': requestId }
    : { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId };
}

/** An operation's output as HTTP: an XML document (in the service's namespace) or a streamed body, none for HEAD. */
export function restXmlResponse(
  output: RestXmlOutput,
  request: { method: string; requestId: string; hostId?: string },
  xmlns: string,
): WireResponse {
  if (output.eventStream) return output.eventStream;
  const headers = idHeaders(request.requestId, request.hostId);
  for (const [name, value] of Object.entries(output.headers ?? {}))
    if (value !== undefined) headers[name] = value;
  let body: Readable | Buffer | undefined = output.body;
  if (output.xml) {
    body = Buffer.from(xmlDocument(output.xml.root, { '@_xmlns': xmlns, ...output.xml.value }), 'utf8');
    headers['content-type'] = 'application/xml';
  }
  if (Buffer.isBuffer(body) && headers['content-length'] === undefined)
    headers['content-length'] = body.length;
  if (body === undefined && headers['content-length'] === undefined) headers['content-length'] = 0;
  if (request.method === 'HEAD' && body !== undefined) {
    if (!Buffer.isBuffer(body)) body.destroy();
    body = undefined;
  }
  return { status: output.status ?? 200, headers, ...(body === undefined ? {} : { body }) };
}

/**
 * The REST-XML error: `<Error><Code/><Message/>[BucketName/Key/…][Resource/]<RequestId/>[HostId/]</Error>`,
 * without a namespace (botocore cannot read a namespaced <Error>), and for HEAD the status alone, as S3
 * sends no body there.
 */
export function restXmlError(
  error: AwsError,
  request: { method?: string; requestId: string; resource?: string; hostId?: string },
): WireResponse {
  const headers = idHeaders(request.requestId, request.hostId);
  if (request.method === 'HEAD') {
    headers['content-length'] = 0;
    return { status: error.statusCode, headers };
  }
  const body = Buffer.from(
    xmlDocument('Error', {
      Code: error.code,
      Message: error.message,
      ...error.extra,
      Resource: request.resource,
      RequestId: request.requestId,
      HostId: request.hostId,
    }),
    'utf8',
  );
  headers['content-type'] = 'application/xml';
  headers['content-length'] = body.length;
  return { status: error.statusCode, headers, body };
}
