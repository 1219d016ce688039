import type { IncomingMessage } from 'node:http';

/** What a SigV4-signed request says about itself, from the Authorization header or the query. */
export interface SignedRequestInfo {
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
  /** The SignedHeaders list as sent: lower-case names joined by `;`. */
  signedHeaders: string;
  signature: string;
  /** X-Amz-Date (header auth) or the X-Amz-Date query parameter (presigned). */
  amzDate: string;
  sessionToken?: string;
  presigned: boolean;
  /** X-Amz-Expires, presigned URLs only. */
  expiresIn?: number;
}

/** A request that tries to sign but does so wrongly; `service` is set when the scope was readable. */
export class MalformedSignature extends Error {
  constructor(
    message: string,
    readonly service?: string,
  ) {
    super(message);
  }
}

/**
 * A request signed with Signature Version 2: S3's `Authorization: AWS key:signature` header, or its
 * `AWSAccessKeyId`/`Signature`/`Expires` query (the AWS CLI v1 presigns S3 URLs so unless told otherwise). Every
 * region AWS opened since 2014 refuses it; so does the emulator, with that region's error.
 */
export class SignatureVersion2 extends Error {}

const SCOPE = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;

/** Returns undefined for unsigned requests; throws MalformedSignature for broken ones. */
export function parseSignedRequest(req: IncomingMessage, url: URL): SignedRequestInfo | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('AWS ')) throw new SignatureVersion2();
  if (header) return parseAuthorizationHeader(header, req);
  if (url.searchParams.has('AWSAccessKeyId') && url.searchParams.has('Signature'))
    throw new SignatureVersion2();
  if (url.searchParams.has('X-Amz-Signature') || url.searchParams.has('X-Amz-Credential')) {
    return parseQueryAuth(url.searchParams);
  }
  return undefined;
}

function parseAuthorizationHeader(header: string, req: IncomingMessage): SignedRequestInfo {
  const space = header.indexOf(' ');
  const algorithm = header.slice(0, space);
  // The three fields straight into locals, no Map per request; a repeated field keeps its last value.
  let credential = '';
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 'Credential') credential = value;
    else if (name === 'SignedHeaders') signedHeaders = value;
    else if (name === 'Signature') signature = value;
  }
  const scope = SCOPE.exec(credential);
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    throw new MalformedSignature(
      `Unsupported authorization type "${algorithm}": cloudlab's emulator accepts AWS Signature Version 4 (AWS4-HMAC-SHA256)`,
      scope?.[4],
    );
  }
  if (!scope) {
    throw new MalformedSignature(
      "Authorization header requires 'Credential' parameter of the form KEY/DATE/REGION/SERVICE/aws4_request.",
    );
  }
  if (!signedHeaders || !signature) {
    throw new MalformedSignature(
      "Authorization header requires 'SignedHeaders' and 'Signature' parameters.",
      scope[4],
    );
  }
  const amzDate = headerValue(req, 'x-amz-date');
  if (!amzDate) {
    throw new MalformedSignature(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      scope[4],
    );
  }
  const sessionToken = headerValue(req, 'x-amz-security-token');
  return {
    accessKeyId: scope[1]!,
    shortDate: scope[2]!,
    region: scope[3]!,
    service: scope[4]!,
    signedHeaders,
    signature,
    amzDate,
    ...(sessionToken ? { sessionToken } : {}),
    presigned: false,
  };
}

function parseQueryAuth(query: URLSearchParams): SignedRequestInfo {
  const scope = SCOPE.exec(query.get('X-Amz-Credential') ?? '');
  const required = [
    'X-Amz-Algorithm',
    'X-Amz-Credential',
    'X-Amz-Date',
    'X-Amz-SignedHeaders',
    'X-Amz-Signature',
  ];
  const missing = required.filter((name) => !query.get(name));
  if (!scope || missing.length > 0) {
    throw new MalformedSignature(
      `Query-string authentication requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders and X-Amz-Expires parameters${missing.length ? ` (missing: ${missing.join(', ')})` : ''}.`,
      scope?.[4],
    );
  }
  const sessionToken = query.get('X-Amz-Security-Token');
  return {
    accessKeyId: scope[1]!,
    shortDate: scope[2]!,
    region: scope[3]!,
    service: scope[4]!,
    signedHeaders: query.get('X-Amz-SignedHeaders')!,
    signature: query.get('X-Amz-Signature')!,
    amzDate: query.get('X-Amz-Date')!,
    ...(sessionToken ? { sessionToken } : {}),
    presigned: true,
    expiresIn: Number(query.get('X-Amz-Expires') ?? '900'),
  };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
