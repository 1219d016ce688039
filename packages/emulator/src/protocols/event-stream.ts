import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { WireResponse } from '../core/wire.ts';

/**
 * The AWS event stream (S3 SelectObjectContent's answer): binary messages, each with `:event-type` (or
 * `:error-code`) headers, on one chunked 200 response.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTSelectObjectAppendix.html
 */

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Where an operation writes its events. */
export interface EventSink {
  /** Sends one event; false when the client is behind, and the producer should await `drained()`. */
  event(type: string, body?: Uint8Array, contentType?: string): boolean;
  /** Resolves once the client caught up; rejects when it went away. */
  drained(): Promise<void>;
  /** Ends the stream with an error message: once an event went out, errors travel in the stream. */
  fail(code: string, message: string): void;
  end(): void;
  /** True once the first event went out (the 200 with it). */
  readonly started: boolean;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
}

/**
 * Runs `produce` and answers with its events. The response is ready with the first event, so a failure
 * before it is the caller's to answer as an ordinary error (the promise rejects with it).
 */
export function eventStreamResponse(
  requestId: string,
  produce: (sink: EventSink) => Promise<void>,
): Promise<WireResponse> {
  const body = new PassThrough();
  const abort = new AbortController();
  body.on('close', () => abort.abort());
  return new Promise((resolve, reject) => {
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      resolve({
        status: 200,
        headers: {
          'x-amz-request-id': requestId,
          'content-type': 'application/octet-stream',
          'transfer-encoding': 'chunked',
        },
        body,
      });
    };
    const sink: EventSink = {
      event(type, payload = new Uint8Array(0), contentType) {
        start();
        return body.write(codec.encode({ headers: eventHeaders(type, contentType), body: payload }));
      },
      async drained() {
        await once(body, 'drain', { signal: abort.signal });
      },
      fail(code, message) {
        start();
        body.end(
          codec.encode({
            headers: {
              ':message-type': { type: 'string', value: 'error' },
              ':error-code': { type: 'string', value: code },
              ':error-message': { type: 'string', value: message },
            },
            body: new Uint8Array(0),
          }),
        );
      },
      end() {
        start();
        body.end();
      },
      get started() {
        return started;
      },
      signal: abort.signal,
    };
    produce(sink).then(
      () => start(),
      (error: unknown) => {
        if (started) body.destroy(error as Error);
        else reject(error);
      },
    );
  });
}

function eventHeaders(type: string, contentType?: string): MessageHeaders {
  return {
    ':event-type': { type: 'string', value: type },
    ...(contentType ? { ':content-type': { type: 'string', value: contentType } } : {}),
    ':message-type': { type: 'string', value: 'event' },
  };
}
