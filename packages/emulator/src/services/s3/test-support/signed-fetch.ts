import { createHash, createHmac } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { EmulatorCredentials } from '../../../start-emulator.ts';

export interface RawRequest {
  method: string;
  /** Path and query, e.g. `/bucket/key?x-id=PutObject`. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

/** Signs a request with SigV4 (header auth) for S3; the x-amz-content-sha256 header, if set, is what gets signed. */
export async function signRequest(endpoint: string, credentials: EmulatorCredentials, request: RawRequest) {
  const url = new URL(request.path, endpoint);
  const signer = new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    credentials,
    sha256: Sha256,
    uriEscapePath: false,
  });
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query,
    headers: { host: url.host, ...request.headers },
    body: request.body,
  });
  return { url: url.href, headers: signed.headers as Record<string, string> };
}

export async function signedFetch(endpoint: string, credentials: EmulatorCredentials, request: RawRequest) {
  const { url, headers } = await signRequest(endpoint, credentials, request);
  const { host: _host, ...sent } = headers;
  return fetch(url, { method: request.method, headers: sent, body: request.body });
}

const hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * Builds a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body by the book — written independently of the emulator's
 * verifier so the two check each other. `tamper` corrupts the signature of chunk number `tamper`.
 */
export function signedChunkedBody(options: {
  chunks: Buffer[];
  seedSignature: string;
  amzDate: string;
  secretAccessKey: string;
  region?: string;
  trailer?: { name: string; value: string };
  tamper?: number;
}): Buffer {
  const region = options.region ?? 'us-east-1';
  const date = options.amzDate.slice(0, 8);
  const scope = `${date}/${region}/s3/aws4_request`;
  const key = hmac(hmac(hmac(hmac(`AWS4${options.secretAccessKey}`, date), region), 's3'), 'aws4_request');
  let previous = options.seedSignature;
  const parts: Buffer[] = [];
  const all = [...options.chunks, Buffer.alloc(0)];
  all.forEach((chunk, index) => {
    const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', options.amzDate, scope, previous, hex(''), hex(chunk)].join(
      '\n',
    );
    let signature = createHmac('sha256', key).update(toSign).digest('hex');
    previous = signature;
    if (options.tamper === index) signature = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${signature}\r\n`), chunk);
    if (chunk.length > 0) parts.push(Buffer.from('\r\n'));
  });
  if (options.trailer) {
    const line = `${options.trailer.name}:${options.trailer.value}`;
    const toSign = ['AWS4-HMAC-SHA256-TRAILER', options.amzDate, scope, previous, hex(`${line}\n`)].join(
      '\n',
    );
    const signature = createHmac('sha256', key).update(toSign).digest('hex');
    parts.push(Buffer.from(`${line}\r\nx-amz-trailer-signature:${signature}\r\n\r\n`));
  } else {
    parts.push(Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Pulls the seed signature and X-Amz-Date out of signed headers. */
export function seedOf(headers: Record<string, string>): { seedSignature: string; amzDate: string } {
  const authorization = headers.authorization ?? '';
  const seedSignature = /Signature=([0-9a-f]{64})/.exec(authorization)?.[1] ?? '';
  return { seedSignature, amzDate: headers['x-amz-date'] ?? '' };
}
