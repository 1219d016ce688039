import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { AwsError } from '../core/aws-error.ts';
import type { WireResponse } from '../core/wire.ts';
import { toXml } from './xml.ts';

/**
 * The AWS event stream (S3 SelectObjectContent's answer): binary messages, each with `:event-type` (or
 * `:error-code`) headers, on one chunked 200 response.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTSelectObjectAppendix.html
 * An operation's output member is an async iterable of the SDK's event union (`{ Records: { Payload } }`,
 * `{ Stats: { Details } }`, `{ End: {} }`, …); this adapter encodes each event and owns the stream's errors.
 */

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** One event as the SDK's union has it: its type as the only key, its members as the value. */
export type StreamEvent = object;

/**
 * An event's message: a member of bytes is the payload as it is; a structure member is an XML document
 * named after the event (S3 Select's Stats and Progress); an event without members has an empty payload.
 */
function encodeEvent(event: StreamEvent): Uint8Array {
  const [type, members] = (Object.entries(event)[0] ?? ['', {}]) as [string, object | undefined];
  const payload: unknown = Object.values(members ?? {}).find((value) => value !== undefined);
  let body: Uint8Array = new Uint8Array(0);
  let contentType: string | undefined;
  if (payload instanceof Uint8Array) {
    body = payload;
    contentType = 'application/octet-stream';
  } else if (payload !== null && typeof payload === 'object') {
    body = fromUtf8(toXml({ [type]: { '@_xmlns': '', ...payload } }));
    contentType = 'text/xml';
  }
  return codec.encode({ headers: eventHeaders(type, contentType), body });
}

function eventHeaders(type: string, contentType?: string): MessageHeaders {
  return {
    ':event-type': { type: 'string', value: type },
    ...(contentType ? { ':content-type': { type: 'string', value: contentType } } : {}),
    ':message-type': { type: 'string', value: 'event' },
  };
}

function errorMessage(error: unknown): Uint8Array {
  const aws =
    error instanceof AwsError
      ? error
      : new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500);
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'error' },
      ':error-code': { type: 'string', value: aws.code },
      ':error-message': { type: 'string', value: aws.message },
    },
    body: new Uint8Array(0),
  });
}

/**
 * Answers with `events`. The response is ready with the first event, so an error before it rejects the
 * promise (the caller answers it as an ordinary error); once an event went out, an error ends the stream as an
 * error message. When the client goes away the producer is stopped (its iterator's `return`).
 */
export async function eventStreamResponse(
  requestId: string,
  events: AsyncIterable<StreamEvent>,
): Promise<WireResponse> {
  const iterator = events[Symbol.asyncIterator]();
  const first = await iterator.next();
  const body = new PassThrough();
  const abort = new AbortController();
  body.on('close', () => abort.abort());
  void pump(first, iterator, body, abort.signal);
  return {
    status: 200,
    headers: {
      'x-amz-request-id': requestId,
      'content-type': 'application/octet-stream',
      'transfer-encoding': 'chunked',
    },
    body,
  };
}

async function pump(
  first: IteratorResult<StreamEvent>,
  iterator: AsyncIterator<StreamEvent>,
  body: PassThrough,
  signal: AbortSignal,
): Promise<void> {
  let next = first;
  try {
    while (!next.done) {
      if (!body.write(encodeEvent(next.value))) await once(body, 'drain', { signal });
      if (signal.aborted) break;
      next = await iterator.next();
    }
    if (signal.aborted) await iterator.return?.();
    else body.end();
  } catch (error) {
    if (signal.aborted) {
      await iterator.return?.().catch(() => undefined);
      return;
    }
    body.end(errorMessage(error));
  }
}
