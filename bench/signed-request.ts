/**
 * Requests signed once with SigV4 for the benches: replayed as raw bytes by a load client (`rawRequest`), or
 * sent once through node's own client to set a case up (`send`).
 */
import { createHash } from 'node:crypto';
import { type Agent, request } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

export interface Prepared {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

const sha256 = class extends Hash {
  constructor(secret?: Parameters<typeof Hash.prototype.update>[0]) {
    super('sha256', secret);
  }
};

export async function signed(
  endpoint: string,
  service: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Prepared> {
  const url = new URL(path, endpoint);
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service,
    sha256,
    uriEscapePath: service !== 's3',
  });
  const extra: Record<string, string> =
    service === 's3'
      ? {
          'x-amz-content-sha256': createHash('sha256')
            .update(body ?? '')
            .digest('hex'),
        }
      : {};
  const result = await signer.sign({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: {},
    headers: { host: url.host, ...headers, ...extra },
    ...(body !== undefined ? { body } : {}),
  });
  return {
    url,
    method,
    headers: result.headers as Record<string, string>,
    ...(body !== undefined ? { body } : {}),
  };
}

/** The request as the bytes a client sends (keep-alive is HTTP/1.1's default). */
export function rawRequest(req: Prepared): string {
  const lines = [`${req.method} ${req.url.pathname} HTTP/1.1`];
  for (const [name, value] of Object.entries(req.headers)) lines.push(`${name}: ${value}`);
  if (req.body !== undefined) lines.push(`content-length: ${Buffer.byteLength(req.body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${req.body ?? ''}`;
}

/** Setup requests (create a bucket, put a parameter), through node's own client. */
export function send(agent: Agent, req: Prepared): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request(
      {
        agent,
        host: req.url.hostname,
        port: req.url.port,
        path: req.url.pathname,
        method: req.method,
        headers: req.headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}
