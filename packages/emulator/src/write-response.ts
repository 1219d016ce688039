import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { WireResponse } from './core/wire.ts';

/** Writes a protocol adapter's answer to node's response: the one place a service's reply becomes HTTP. */
export function writeResponse(req: IncomingMessage, res: ServerResponse, response: WireResponse): void {
  const { body } = response;
  // An answer given before the request's body was read to its end (an upload refused part-way) ends the
  // connection, as S3 does: the client must not send its next request on a socket still full of this one.
  if (!req.complete) res.setHeader('connection', 'close');
  res.writeHead(response.status, response.headers);
  if (body instanceof Readable) {
    if (req.method === 'HEAD') {
      body.destroy();
      res.end();
      return;
    }
    // A client that hangs up mid-download is not an error worth reporting.
    pipeline(body, res).catch(() => undefined);
    return;
  }
  res.end(body);
}
