import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

interface SignOptions {
  endpoint: string;
  service: string;
  region?: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  method?: string;
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  signingDate?: Date;
}

const sha256 = class extends Hash {
  constructor(secret?: Parameters<typeof Hash.prototype.update>[0]) {
    super('sha256', secret);
  }
};

function signer(options: SignOptions) {
  return new SignatureV4({
    credentials: options.credentials,
    region: options.region ?? 'us-east-1',
    service: options.service,
    sha256,
  });
}

function request(options: SignOptions) {
  const url = new URL(options.endpoint);
  return {
    method: options.method ?? 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: options.path ?? '/',
    query: options.query ?? {},
    headers: { host: url.host, ...options.headers },
    ...(options.body !== undefined ? { body: options.body } : {}),
  };
}

/** Signs a request the way the SDK does (header auth), for tests that then bend it. */
export async function signRequest(options: SignOptions) {
  const signed = await signer(options).sign(request(options), {
    signingDate: options.signingDate ?? new Date(),
  });
  return { headers: signed.headers as Record<string, string> };
}

/** A presigned URL for plain fetch (query auth). */
export async function presignUrl(options: SignOptions & { expiresIn?: number }): Promise<string> {
  const presigned = await signer(options).presign(request(options), {
    signingDate: options.signingDate ?? new Date(),
    expiresIn: options.expiresIn ?? 300,
  });
  const query = new URLSearchParams(presigned.query as Record<string, string>)
    .toString()
    .replace(/\+/g, '%20');
  return `${options.endpoint}${presigned.path}?${query}`;
}

/** Sends a signed request with an optional different body (to prove tampering is caught). */
export async function signedFetch(options: SignOptions & { sendBody?: string }): Promise<Response> {
  const { headers } = await signRequest(options);
  const query = new URLSearchParams(options.query ?? {}).toString();
  const { host: _host, ...sendable } = headers;
  return fetch(`${options.endpoint}${options.path ?? '/'}${query ? `?${query}` : ''}`, {
    method: options.method ?? 'POST',
    headers: sendable,
    ...(options.sendBody !== undefined || options.body !== undefined
      ? { body: options.sendBody ?? options.body }
      : {}),
  });
}
