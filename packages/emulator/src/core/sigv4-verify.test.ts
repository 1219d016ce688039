import type { IncomingMessage } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { parseSignedRequest } from './sigv4-parse.ts';
import { EMPTY_SHA256, signatureMatches } from './sigv4-verify.ts';

class Sha256 extends Hash {
  constructor(secret?: Parameters<typeof Hash.prototype.update>[0]) {
    super('sha256', secret);
  }
}

const credentials = { accessKeyId: 'AKIAVERIFYTEST000001', secretAccessKey: 'first-secret' };

/** Signs like the SDK does and returns the request as node:http would hand it to the front door. */
async function signedRequest(options: {
  service: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  sessionToken?: string;
  secretAccessKey?: string;
  signingDate?: Date;
}): Promise<IncomingMessage> {
  const signer = new SignatureV4({
    credentials: {
      ...credentials,
      ...(options.secretAccessKey ? { secretAccessKey: options.secretAccessKey } : {}),
      ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
    },
    region: 'eu-west-1',
    service: options.service,
    sha256: Sha256,
    uriEscapePath: options.service !== 's3',
  });
  const signed = await signer.sign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4566,
      path: options.path,
      query: options.query ?? {},
      headers: { host: '127.0.0.1:4566', 'x-amz-content-sha256': EMPTY_SHA256, ...options.headers },
    },
    { signingDate: options.signingDate ?? new Date('2026-11-25T12:00:00Z') },
  );
  // Encoded as the SDK sends it (%20, not URLSearchParams' +).
  const search = Object.entries(options.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return {
    method: 'GET',
    url: `${options.path}${search ? `?${search}` : ''}`,
    headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v])),
  } as unknown as IncomingMessage;
}

function verify(req: IncomingMessage, secretAccessKey = credentials.secretAccessKey) {
  const info = parseSignedRequest(req, new URL(req.url!, 'http://127.0.0.1:4566'))!;
  return signatureMatches(req, info, secretAccessKey, EMPTY_SHA256);
}

describe('signatureMatches (header auth)', () => {
  it('accepts what the SDK signer signs, for S3 paths, query strings and session tokens', async () => {
    expect(await verify(await signedRequest({ service: 'ssm', path: '/' }))).toBe(true);
    const s3 = await signedRequest({
      service: 's3',
      path: '/bucket/a%20key/%C3%A9.txt',
      query: { 'list-type': '2', prefix: 'a b' },
    });
    expect(await verify(s3)).toBe(true);
    const temporary = await signedRequest({ service: 'sts', path: '/', sessionToken: 'token-1' });
    expect(await verify(temporary)).toBe(true);
  });

  it('rejects a tampered header, path or query', async () => {
    const req = await signedRequest({ service: 's3', path: '/bucket/key', query: { versionId: '1' } });
    expect(await verify({ ...req, url: '/bucket/other' } as IncomingMessage)).toBe(false);
    expect(await verify({ ...req, url: '/bucket/key?versionId=2' } as IncomingMessage)).toBe(false);
    const headers = { ...req.headers, host: '127.0.0.1:9999' };
    expect(await verify({ ...req, headers } as IncomingMessage)).toBe(false);
  });

  it('checks each request against the secret it is given, not one remembered for the same key', async () => {
    const req = await signedRequest({ service: 'ssm', path: '/' });
    expect(await verify(req)).toBe(true);
    expect(await verify(req, 'another-secret')).toBe(false);
    const rotated = await signedRequest({ service: 'ssm', path: '/', secretAccessKey: 'another-secret' });
    expect(await verify(rotated, 'another-secret')).toBe(true);
    expect(await verify(rotated)).toBe(false);
  });

  it('derives the key for the day and region the request is signed for', async () => {
    const nextDay = await signedRequest({
      service: 'ssm',
      path: '/',
      signingDate: new Date('2026-11-26T00:00:01Z'),
    });
    expect(await verify(await signedRequest({ service: 'ssm', path: '/' }))).toBe(true);
    expect(await verify(nextDay)).toBe(true);
  });

  it("answers a client's first request once its key is derived, and its next ones at once", async () => {
    const client = { service: 'sts', path: '/', secretAccessKey: 'secret-of-a-new-client' };
    const first = await signedRequest(client);
    const firstVerdict = verify(first, client.secretAccessKey);
    expect(firstVerdict).toBeInstanceOf(Promise);
    expect(await firstVerdict).toBe(true);
    // The derived key is kept: the same check is now synchronous, and still a real one.
    expect(verify(await signedRequest(client), client.secretAccessKey)).toBe(true);
    const tampered = { ...first, url: '/?Action=GetCallerIdentity' } as IncomingMessage;
    expect(verify(tampered, client.secretAccessKey)).toBe(false);
  });

  it('keeps the canonical path per path without mixing two paths up', async () => {
    const one = await signedRequest({ service: 'lambda', path: '/2015-03-31/functions/a%20b/invocations' });
    const two = await signedRequest({ service: 'lambda', path: '/2015-03-31/functions/c/invocations' });
    expect(await verify(one)).toBe(true);
    expect(await verify(two)).toBe(true);
    expect(await verify({ ...two, url: one.url } as IncomingMessage)).toBe(false);
    expect(await verify(one)).toBe(true);
  });
});
