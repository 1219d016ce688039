import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { amzDateToMs } from './auth-errors.ts';
import type { SignedRequestInfo } from './sigv4-parse.ts';

/** node:crypto SHA-256 in the shape @smithy/signature-v4 expects (the same one the SDK signs with). */
class Sha256 extends Hash {
  constructor(secret?: Parameters<typeof Hash.prototype.update>[0]) {
    super('sha256', secret);
  }
}

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const PAYLOAD_HEADER = 'x-amz-content-sha256';

/**
 * Recomputes the request's signature with the SDK's own signer and compares it in constant time.
 * The signer sees a rebuilt request holding exactly the headers the client signed, the client's
 * date and scope, and `payloadHash` (the signed x-amz-content-sha256, or the hash of the buffered
 * body), so the only thing that can differ is the secret key — or a tampered request.
 */
export async function signatureMatches(
  req: IncomingMessage,
  info: SignedRequestInfo,
  secretAccessKey: string,
  payloadHash: string,
): Promise<boolean> {
  const rawUrl = req.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const query = parseRawQuery(queryStart === -1 ? '' : rawUrl.slice(queryStart + 1));

  const signed = new Set(info.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = req.headers[name];
    if (value === undefined) return false;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // Headers the signer adds by itself are kept out of the canonical request unless the client signed them.
  const unsignable = new Set<string>();
  for (const added of [PAYLOAD_HEADER, 'x-amz-date', 'x-amz-security-token']) {
    if (!signed.has(added)) unsignable.add(added);
  }
  if (!signed.has(PAYLOAD_HEADER)) headers[PAYLOAD_HEADER] = payloadHash;

  const signer = new SignatureV4({
    credentials: {
      accessKeyId: info.accessKeyId,
      secretAccessKey,
      ...(info.sessionToken ? { sessionToken: info.sessionToken } : {}),
    },
    region: info.region,
    service: info.service,
    sha256: Sha256,
    // S3 signs the path as sent; every other service signs it URI-encoded once more.
    uriEscapePath: info.service !== 's3',
    applyChecksum: false,
  });
  const request = { method: req.method ?? 'GET', protocol: 'http:', hostname: '', path, query, headers };
  const signingDate = new Date(amzDateToMs(info.amzDate));
  const options = {
    signingDate,
    signableHeaders: signed,
    unsignableHeaders: unsignable,
    signingRegion: info.region,
    signingService: info.service,
  };

  let expected: string | undefined;
  if (info.presigned) {
    const unhoistable = new Set([...signed].filter((name) => name.startsWith('x-amz-')));
    unhoistable.add(PAYLOAD_HEADER);
    const presigned = await signer.presign(request, {
      ...options,
      expiresIn: info.expiresIn ?? 900,
      unhoistableHeaders: unhoistable,
    });
    expected = presigned.query?.['X-Amz-Signature'] as string | undefined;
  } else {
    const result = await signer.sign(request, options);
    expected = /Signature=([0-9a-f]+)/.exec(String(result.headers.authorization))?.[1];
  }
  if (!expected || expected.length !== info.signature.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(info.signature));
}

/** The query as the client signed it: decoded keys and values, repeated keys as arrays. */
function parseRawQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = safeDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : safeDecode(pair.slice(eq + 1));
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
