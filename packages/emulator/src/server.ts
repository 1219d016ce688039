import { hash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import * as authErrors from './core/auth-errors.ts';
import { AwsError } from './core/aws-error.ts';
import { accountIdFromKey, requestId as newRequestId } from './core/ids.ts';
import { requestBytes } from './core/ingress-ledger.ts';
import { DEFAULT_MAX_BODY_BYTES, readBody } from './core/read-body.ts';
import {
  MalformedSignature,
  parseSignedRequest,
  SignatureVersion2,
  type SignedRequestInfo,
} from './core/sigv4-parse.ts';
import { EMPTY_SHA256, signatureMatches } from './core/sigv4-verify.ts';
import { endOfTurn } from './core/turn-batch.ts';
import type { Principal, RequestContext, Service, UnsignedRoute, WireProtocol } from './core/types.ts';
import type { WireRequest, WireResponse } from './core/wire.ts';
import { errorResponse } from './protocols/error-response.ts';
import type { Runtime } from './runtime.ts';
import { writeResponse } from './write-response.ts';

export const HEALTH_PATH = '/_cloudlab/health';

/**
 * The HTTP front door: one endpoint for every service. It authenticates each request (SigV4, header
 * or presigned), routes it by the signing name in its credential scope, and turns anything a service
 * throws into that service's wire error — never a stack trace.
 */
export function createFrontDoor(
  runtime: Runtime,
  services: Service[],
  tls?: { cert: string; key: string },
): Server {
  const byName = new Map<string, Service>();
  const unsignedRoutes: UnsignedRoute[] = [];
  for (const service of services) {
    byName.set(service.signingName, service);
    runtime.protocols.set(service.signingName, service.protocol);
    unsignedRoutes.push(...(service.unsignedRoutes ?? []));
  }
  const log = runtime.options.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  // The SDKs correct their clock skew from the Date header, so it must follow the emulator's clock. On the
  // real clock node's own Date header is that already (formatted once per second); setting one anyway moved
  // every response onto node's slower path that merges headers set before writeHead.
  const testClock = runtime.options.clock;

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const requestId = newRequestId();
    if (testClock) res.setHeader('date', httpDate(testClock()));
    let protocol: WireProtocol = guessProtocol(req);
    handle(req, requestId, (p) => {
      protocol = p;
    }).then(
      (response) => writeResponse(req, res, response),
      (error: unknown) => {
        if (!(error instanceof AwsError)) {
          log(
            `cloudlab emulator: internal error on ${req.method} ${req.url?.split('?')[0]} (${requestId}): ${(error as Error)?.message ?? error}`,
          );
          error = new AwsError(
            'InternalFailure',
            `The emulator failed to process the request (request id ${requestId})`,
            500,
          );
        }
        if (res.headersSent) res.destroy();
        else writeResponse(req, res, errorResponse(protocol, error as AwsError, requestId));
      },
    );
  };
  return tls ? createTlsServer(tls, listener) : createServer(listener);

  async function handle(
    req: IncomingMessage,
    requestId: string,
    setProtocol: (protocol: WireProtocol) => void,
  ): Promise<WireResponse> {
    // The requests of one turn are handled together at its end (core/turn-batch.ts).
    await endOfTurn();
    const url = parseUrl(req);
    let info: SignedRequestInfo | undefined;
    try {
      info = parseSignedRequest(req, url);
    } catch (error) {
      // Only S3 ever took version 2: its XML error, whatever the request (a browser, curl) looked like.
      if (error instanceof SignatureVersion2) {
        setProtocol('rest-xml');
        throw authErrors.signatureVersion2();
      }
      if (!(error instanceof MalformedSignature)) throw error;
      if (error.service) setProtocol(runtime.protocolOf(error.service));
      throw authErrors.malformedAuthorization(
        error.service ? runtime.protocolOf(error.service) : guessProtocol(req),
        error.message,
      );
    }

    // What a service sees of the request: never node's IncomingMessage itself.
    const request: WireRequest = {
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      headers: req.headers,
      body: req,
      httpVersion: req.httpVersion,
      remoteAddress: req.socket.remoteAddress,
    };
    if (!info) {
      if (url.pathname === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
        const body = JSON.stringify({ status: 'ok', services: [...byName.keys()] });
        return {
          status: 200,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          body,
        };
      }
      const route = unsignedRoutes.find((candidate) => candidate.matches(request, url));
      if (route) return route.handle(request, runtime);
      throw authErrors.missingAuthentication(guessProtocol(req));
    }

    const service = byName.get(info.service);
    // A service the emulator does not serve still gets its error in the protocol its client reads (IAM's XML).
    const protocol = service ? runtime.protocolOf(info.service) : guessProtocol(req);
    setProtocol(protocol);
    if (!service) {
      throw new AwsError(
        'UnknownService',
        `The cloudlab emulator does not serve "${info.service}" (it serves ${[...byName.keys()].join(', ')}); use --target aws for other services`,
        400,
      );
    }

    const body = service.streamsBody
      ? undefined
      : await readBody(req, service.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    // Synchronous for a known key's every request after its first: no promise to wait on.
    const authenticated = authenticate(req, info, protocol, body);
    const { principal, secretAccessKey, payloadHash } =
      authenticated instanceof Promise ? await authenticated : authenticated;
    if (runtime.shouldThrottle(info.service, principal.accessKeyId)) throw authErrors.throttled(protocol);
    runtime.requestBudget.charge(principal.accountId, protocol);
    runtime.ingress.charge(principal.accountId, requestBytes(req, body), protocol);

    const ctx: RequestContext = {
      url,
      principal,
      region: info.region,
      requestId,
      signing: {
        accessKeyId: info.accessKeyId,
        secretAccessKey,
        ...(info.sessionToken ? { sessionToken: info.sessionToken } : {}),
        amzDate: info.amzDate,
        shortDate: info.shortDate,
        region: info.region,
        service: info.service,
        signature: info.signature,
        payloadHash,
        presigned: info.presigned,
      },
      ...(body ? { body } : {}),
      sourceIp: request.remoteAddress,
      ...('encrypted' in req.socket ? { secureTransport: true } : {}),
      runtime,
    };
    return service.handle(request, ctx);
  }

  function authenticate(
    req: IncomingMessage,
    info: SignedRequestInfo,
    protocol: WireProtocol,
    body: Buffer | undefined,
  ): Authenticated | Promise<Authenticated> {
    const now = runtime.now();
    checkTime(info, protocol, now);
    const payloadHash = payloadHashOf(req, info, body, protocol);
    const record = runtime.credentials.lookup(info.accessKeyId);

    if (!record) {
      if (!runtime.options.lenient) throw authErrors.unknownAccessKey(protocol);
      // Lenient mode: any well-formed signature is accepted; each unknown key is its own account.
      const accountId = accountIdFromKey(info.accessKeyId);
      return {
        principal: {
          accountId,
          arn: `arn:aws:iam::${accountId}:user/${info.accessKeyId}`,
          userId: info.accessKeyId,
          type: 'user',
          accessKeyId: info.accessKeyId,
        },
        secretAccessKey: '',
        payloadHash,
      };
    }
    if (record.sessionToken !== undefined && record.sessionToken !== info.sessionToken) {
      throw authErrors.invalidSessionToken(protocol);
    }
    if (record.expiresAt !== undefined && record.expiresAt <= now) throw authErrors.expiredToken(protocol);
    const authenticated: Authenticated = {
      principal: runtime.credentials.principalOf(record),
      secretAccessKey: record.secretAccessKey,
      payloadHash,
    };
    if (runtime.options.lenient) return authenticated;
    const matches = signatureMatches(req, info, record.secretAccessKey, payloadHash);
    if (matches === true) return authenticated;
    if (matches === false) throw authErrors.signatureMismatch(protocol);
    return matches.then((match) => {
      if (!match) throw authErrors.signatureMismatch(protocol);
      return authenticated;
    });
  }
}

interface Authenticated {
  principal: Principal;
  secretAccessKey: string;
  payloadHash: string;
}

function checkTime(info: SignedRequestInfo, protocol: WireProtocol, now: number): void {
  const signedAt = authErrors.amzDateToMs(info.amzDate);
  if (Number.isNaN(signedAt)) {
    throw authErrors.malformedAuthorization(
      protocol,
      `X-Amz-Date "${info.amzDate}" is not of the form YYYYMMDDTHHMMSSZ.`,
    );
  }
  if (info.presigned) {
    const expiresIn = info.expiresIn ?? Number.NaN;
    if (!(expiresIn >= 1 && expiresIn <= 604_800)) {
      throw new AwsError(
        'AuthorizationQueryParametersError',
        'X-Amz-Expires must be a number of seconds between 1 and 604800 (one week).',
        400,
      );
    }
    if (now > signedAt + expiresIn * 1000) throw authErrors.presignExpired();
    if (signedAt - now > authErrors.SKEW_MS) throw authErrors.clockSkew(protocol, info.amzDate, now);
    return;
  }
  if (Math.abs(now - signedAt) > authErrors.SKEW_MS) throw authErrors.clockSkew(protocol, info.amzDate, now);
}

/** The payload hash the signature covers, checked against the body when the front door has it. */
function payloadHashOf(
  req: IncomingMessage,
  info: SignedRequestInfo,
  body: Buffer | undefined,
  protocol: WireProtocol,
): string {
  const declared = req.headers['x-amz-content-sha256'];
  const declaredHash = Array.isArray(declared) ? declared[0] : declared;
  if (body === undefined) {
    // Streaming services (S3) verify the body, or its aws-chunked signatures, themselves.
    if (declaredHash) return declaredHash;
    if (info.presigned) return info.service === 's3' ? 'UNSIGNED-PAYLOAD' : EMPTY_SHA256;
    if (protocol === 'rest-xml') {
      throw new AwsError(
        'InvalidRequest',
        'Missing required header for this request: x-amz-content-sha256',
        400,
      );
    }
    return EMPTY_SHA256;
  }
  const actual = hash('sha256', body, 'hex');
  if (declaredHash && declaredHash !== 'UNSIGNED-PAYLOAD' && declaredHash !== actual) {
    throw authErrors.signatureMismatch(protocol);
  }
  return declaredHash ?? actual;
}

let dateSecond = Number.NaN;
let dateText = '';

/** The HTTP Date of `now`, formatted once per second of it (the header has a one-second resolution). */
function httpDate(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/** Which protocol family an unsigned or unparseable request was probably meant for. */
function guessProtocol(req: IncomingMessage): WireProtocol {
  if (req.headers['x-amz-target']) return 'json';
  if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
    return 'query';
  return 'rest-xml';
}

function parseUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  } catch {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  }
}
