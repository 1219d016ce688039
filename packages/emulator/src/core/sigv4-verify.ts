import {
  type BinaryLike,
  createHash,
  createHmac,
  type Hash,
  type Hmac,
  hash,
  timingSafeEqual,
} from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  ALGORITHM_IDENTIFIER,
  AMZ_DATE_HEADER,
  createScope,
  getCanonicalHeaders,
  getSigningKey,
  type prepareRequest,
  SignatureV4,
  SignatureV4Base,
  TOKEN_HEADER,
} from '@smithy/signature-v4';
import { amzDateToMs } from './auth-errors.ts';
import type { SignedRequestInfo } from './sigv4-parse.ts';

/**
 * node:crypto SHA-256 in the shape @smithy/signature-v4 expects (update, digest), written here rather than
 * taken from @smithy/hash-node: that one copies every string and key through fromUtf8/Buffer.from before
 * hashing, which under GetParameter load was ~5 % of the emulator's CPU. node:crypto hashes strings as
 * UTF-8 and Uint8Arrays as they are, the same bytes the SDK's signer hashes.
 */
class Sha256 {
  private readonly hmac: Hmac | undefined;
  /** Without a secret the signer hashes one buffer (the canonical request): hashed in one call at digest. */
  private data: BinaryLike | undefined;
  private hash: Hash | undefined;

  constructor(secret?: SourceData) {
    this.hmac = secret === undefined ? undefined : createHmac('sha256', bytes(secret));
  }

  update(data: SourceData): void {
    if (this.hmac) this.hmac.update(bytes(data));
    else if (this.hash) this.hash.update(bytes(data));
    else if (this.data === undefined) this.data = bytes(data);
    else this.hash = createHash('sha256').update(this.data).update(bytes(data));
  }

  digest(): Promise<Uint8Array> {
    if (this.hmac) return Promise.resolve(this.hmac.digest());
    if (this.hash) return Promise.resolve(this.hash.digest());
    // crypto.hash: node's one-shot digest, ~2 µs less than a Hash object for a canonical request.
    return Promise.resolve(hash('sha256', this.data ?? '', 'buffer'));
  }
}

/** What @smithy/signature-v4 may hand a hash (its SourceData type). */
type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): BinaryLike {
  if (typeof data === 'string') return data;
  // Every ArrayBuffer view is a typed array or a DataView, which node hashes as they are.
  return ArrayBuffer.isView(data) ? (data as NodeJS.ArrayBufferView) : new Uint8Array(data);
}

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const PAYLOAD_HEADER = 'x-amz-content-sha256';
/** The headers @smithy/signature-v4's prepareRequest removes before signing (its GENERATED_HEADERS). */
const GENERATED_HEADERS = new Set(['authorization', 'x-amz-date', 'date']);

/**
 * Recomputes the request's signature with the SDK's own signer and compares it in constant time.
 * The signer sees a rebuilt request holding exactly the headers the client signed, the client's
 * date and scope, and `payloadHash` (the signed x-amz-content-sha256, or the hash of the buffered
 * body), so the only thing that can differ is the secret key — or a tampered request.
 */
export function signatureMatches(
  req: IncomingMessage,
  info: SignedRequestInfo,
  secretAccessKey: string,
  payloadHash: string,
): boolean | Promise<boolean> {
  const rawUrl = req.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const query = parseRawQuery(queryStart === -1 ? '' : rawUrl.slice(queryStart + 1));

  const { signed, unsignable } = headerSetsOf(info.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = req.headers[name];
    if (value === undefined) return false;
    // The signer drops these (its prepareRequest) and adds x-amz-date back itself: leaving them out here
    // lets the check skip that step's copy of the whole request.
    if (GENERATED_HEADERS.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  if (!signed.has(PAYLOAD_HEADER)) headers[PAYLOAD_HEADER] = payloadHash;

  const request = { method: req.method ?? 'GET', protocol: 'http:', hostname: '', path, query, headers };
  const signingDate = new Date(amzDateToMs(info.amzDate));
  const credentials = {
    accessKeyId: info.accessKeyId,
    secretAccessKey,
    ...(info.sessionToken ? { sessionToken: info.sessionToken } : {}),
  };

  if (info.presigned) {
    return presignedSignature(request, credentials, info, signingDate, signed, unsignable).then((expected) =>
      sameSignature(expected, info.signature),
    );
  }
  const expected = verifierFor(credentials, info.service).headerSignature(
    request,
    signingDate,
    info.region,
    signed,
    unsignable,
    payloadHash,
  );
  // Synchronous once the day's signing key is derived: every request after a client's first.
  return typeof expected === 'string'
    ? sameSignature(expected, info.signature)
    : expected.then((signature) => sameSignature(signature, info.signature));
}

function sameSignature(expected: string | undefined, sent: string): boolean {
  if (!expected || expected.length !== sent.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(sent));
}

/** Presigned URLs are rare (one per lab download): the SDK's own presign() recomputes them whole. */
async function presignedSignature(
  request: HttpRequest,
  credentials: Credentials,
  info: SignedRequestInfo,
  signingDate: Date,
  signed: Set<string>,
  unsignable: Set<string>,
): Promise<string | undefined> {
  const signer = new SignatureV4({
    credentials,
    region: info.region,
    service: info.service,
    sha256: Sha256,
    uriEscapePath: info.service !== 's3',
    applyChecksum: false,
  });
  const unhoistable = new Set([...signed].filter((name) => name.startsWith('x-amz-')));
  unhoistable.add(PAYLOAD_HEADER);
  const presigned = await signer.presign(request, {
    signingDate,
    signableHeaders: signed,
    unsignableHeaders: unsignable,
    signingRegion: info.region,
    signingService: info.service,
    expiresIn: info.expiresIn ?? 900,
    unhoistableHeaders: unhoistable,
  });
  return presigned.query?.['X-Amz-Signature'] as string | undefined;
}

/** Shared between requests: the signer only reads them. */
interface SignedHeaderSets {
  signed: Set<string>;
  /** Headers the signer adds by itself, kept out of the canonical request unless the client signed them. */
  unsignable: Set<string>;
}

/** Enough for every SDK and tool a class uses at once; past it the cache starts over. */
const MAX_HEADER_LISTS = 64;
const headerSets = new Map<string, SignedHeaderSets>();

/**
 * The sets the signer takes, per SignedHeaders list: a client sends the same list with every request of a
 * kind, and building both sets anew was ~2 % of a GetParameter. Only the parsed list is kept, never a verdict.
 */
function headerSetsOf(list: string): SignedHeaderSets {
  let sets = headerSets.get(list);
  if (!sets) {
    const signed = new Set(list.split(';'));
    const unsignable = new Set<string>();
    for (const added of [PAYLOAD_HEADER, 'x-amz-date', 'x-amz-security-token']) {
      if (!signed.has(added)) unsignable.add(added);
    }
    if (headerSets.size >= MAX_HEADER_LISTS) headerSets.clear();
    sets = { signed, unsignable };
    headerSets.set(list, sets);
  }
  return sets;
}

/**
 * SignatureV4.signRequest, step for step, from the same library's exported parts — but for checking:
 * signRequest looks its derived key up in the library's cache under an HMAC of the secret, i.e. one HMAC
 * of its three per request spent on a cache key. Here the derived key (still made by the library's
 * getSigningKey) is kept per access key, region and day, so a request costs the canonical request, its
 * hash and the final HMAC. Under load that lookup was a third of the signature check, and the signature
 * check half of an SSM GetParameter (bench/emulator.ts).
 */
type HttpRequest = Parameters<typeof prepareRequest>[0];
interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

class SignatureVerifier extends SignatureV4Base {
  private readonly keys = new Map<string, Uint8Array | Promise<Uint8Array>>();

  constructor(
    readonly credentials: Credentials,
    service: string,
  ) {
    // S3 signs the path as sent; every other service signs it URI-encoded once more.
    super({ credentials, region: '', service, sha256: Sha256, uriEscapePath: service !== 's3' });
    // The library's getCanonicalPath (private in its types), kept per path: a JSON or query client signs
    // "/" every time, and its escaping regexes were ~5 % of a GetParameter. createCanonicalRequest calls it.
    const self = this as unknown as { getCanonicalPath(request: HttpRequest): string };
    const libraryPath = self.getCanonicalPath.bind(this);
    const paths = new Map<string, string>();
    self.getCanonicalPath = (request) => {
      let canonical = paths.get(request.path);
      if (canonical === undefined) {
        canonical = libraryPath(request);
        if (paths.size >= MAX_CANONICAL_PATHS) paths.clear();
        paths.set(request.path, canonical);
      }
      return canonical;
    };
  }

  /**
   * The hex signature SignatureV4.sign would put in the Authorization header for this request, which
   * must hold none of GENERATED_HEADERS (signRequest's prepareRequest step, done by the caller).
   */
  headerSignature(
    request: HttpRequest,
    signingDate: Date,
    region: string,
    signableHeaders: Set<string>,
    unsignableHeaders: Set<string>,
    payloadHash: string,
  ): string | Promise<string> {
    const { longDate, shortDate } = this.datesOf(signingDate);
    const scope = createScope(shortDate, region, this.service);
    request.headers[AMZ_DATE_HEADER] = longDate;
    if (this.credentials.sessionToken) request.headers[TOKEN_HEADER] = this.credentials.sessionToken;
    const canonicalHeaders = getCanonicalHeaders(request, unsignableHeaders, signableHeaders);
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    // The library's createStringToSign, without its promise: its four lines, the canonical request hashed
    // by node:crypto (sigv4-verify.test.ts: what the SDK signs is accepted). The promises were ~10 % of a
    // GetParameter with the per-path memo above.
    const stringToSign = `${ALGORITHM_IDENTIFIER}\n${longDate}\n${scope}\n${hash('sha256', canonicalRequest, 'hex')}`;
    // The library's getSignature: one HMAC of the string to sign under the derived key, as hex.
    const key = this.signingKey(shortDate, region);
    return key instanceof Uint8Array
      ? hmacHex(key, stringToSign)
      : key.then((derived) => hmacHex(derived, stringToSign));
  }

  private lastDates: { ms: number; longDate: string; shortDate: string } | undefined;

  /** The library's formatDate, kept for the last signing time: a client signs many requests per second. */
  private datesOf(signingDate: Date): { longDate: string; shortDate: string } {
    const ms = signingDate.getTime();
    if (this.lastDates?.ms !== ms) this.lastDates = { ms, ...this.formatDate(signingDate) };
    return this.lastDates;
  }

  /** The derived key once known, its promise while the library derives it (a client's first request). */
  private signingKey(shortDate: string, region: string): Uint8Array | Promise<Uint8Array> {
    const id = `${shortDate}/${region}`;
    let key = this.keys.get(id);
    if (!key) {
      if (this.keys.size >= 8) this.keys.clear();
      const derived = getSigningKey(Sha256, this.credentials, shortDate, region, this.service);
      derived.then(
        (bytes) => this.keys.get(id) === derived && this.keys.set(id, bytes),
        () => this.keys.delete(id),
      );
      key = derived;
      this.keys.set(id, key);
    }
    return key;
  }
}

function hmacHex(key: Uint8Array, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** Paths kept per verifier; past it the memo starts over. */
const MAX_CANONICAL_PATHS = 64;

/** Enough for every learner of a batch at once; past it the cache starts over (a miss costs 5 HMACs). */
const MAX_VERIFIERS = 512;
const verifiers = new Map<string, SignatureVerifier>();

function verifierFor(credentials: Credentials, service: string): SignatureVerifier {
  const id = `${credentials.accessKeyId}/${service}`;
  const cached = verifiers.get(id);
  if (
    cached &&
    cached.credentials.secretAccessKey === credentials.secretAccessKey &&
    cached.credentials.sessionToken === credentials.sessionToken
  ) {
    return cached;
  }
  if (verifiers.size >= MAX_VERIFIERS) verifiers.clear();
  const verifier = new SignatureVerifier(credentials, service);
  verifiers.set(id, verifier);
  return verifier;
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
