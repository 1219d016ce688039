import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { WireResponse } from './core/wire.ts';

/** Writes a protocol adapter's answer to node's response: the one place a service's reply becomes HTTP. */
export function writeResponse(req: IncomingMessage, res: ServerResponse, response: WireResponse): void {
  const { body } = response;
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
