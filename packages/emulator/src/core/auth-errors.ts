import { AwsError } from './aws-error.ts';
import type { WireProtocol } from './types.ts';

/**
 * The errors AWS answers when authentication fails, which differ by protocol family: query services
 * (STS) and S3 answer 403s with their own codes, JSON services (SSM) answer 400s with *Exception codes.
 */

const BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export function unknownAccessKey(protocol: WireProtocol): AwsError {
  if (protocol === 'rest-xml') {
    return new AwsError(
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      403,
    );
  }
  const message = 'The security token included in the request is invalid.';
  if (protocol === 'query') return new AwsError('InvalidClientTokenId', message, 403);
  return new AwsError('UnrecognizedClientException', message, protocol === 'rest-json' ? 403 : 400);
}

export function invalidSessionToken(protocol: WireProtocol): AwsError {
  if (protocol === 'rest-xml') {
    return new AwsError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
  }
  return unknownAccessKey(protocol);
}

export function signatureMismatch(protocol: WireProtocol): AwsError {
  if (protocol === 'rest-xml') {
    return new AwsError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      403,
    );
  }
  if (protocol === 'query') return new AwsError('SignatureDoesNotMatch', BAD_SIGNATURE, 403);
  return new AwsError('InvalidSignatureException', BAD_SIGNATURE, protocol === 'rest-json' ? 403 : 400);
}

/** More than 15 minutes between the request's X-Amz-Date and the emulator's clock. */
export function clockSkew(protocol: WireProtocol, amzDate: string, now: number): AwsError {
  const serverTime = new Date(now);
  if (protocol === 'rest-xml') {
    return new AwsError(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      403,
      {
        RequestTime: amzDate,
        ServerTime: serverTime.toISOString(),
        MaxAllowedSkewMilliseconds: '900000',
      },
    );
  }
  const requestMs = amzDateToMs(amzDate);
  const message =
    requestMs < now
      ? `Signature expired: ${amzDate} is now earlier than ${toAmzDate(now - SKEW_MS)} (${toAmzDate(now)} - 15 min.)`
      : `Signature not yet current: ${amzDate} is still later than ${toAmzDate(now + SKEW_MS)} (${toAmzDate(now)} + 15 min.)`;
  if (protocol === 'query') return new AwsError('SignatureDoesNotMatch', message, 403);
  return new AwsError('InvalidSignatureException', message, protocol === 'rest-json' ? 403 : 400);
}

export function expiredToken(protocol: WireProtocol): AwsError {
  if (protocol === 'rest-xml') return new AwsError('ExpiredToken', 'The provided token has expired.', 400);
  const message = 'The security token included in the request is expired';
  if (protocol === 'query') return new AwsError('ExpiredToken', message, 403);
  return new AwsError('ExpiredTokenException', message, protocol === 'rest-json' ? 403 : 400);
}

export function presignExpired(): AwsError {
  return new AwsError('AccessDenied', 'Request has expired', 403);
}

export function missingAuthentication(protocol: WireProtocol): AwsError {
  if (protocol === 'rest-xml') return new AwsError('AccessDenied', 'Access Denied', 403);
  if (protocol === 'query')
    return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  return new AwsError(
    'MissingAuthenticationTokenException',
    'Missing Authentication Token',
    protocol === 'json' ? 400 : 403,
  );
}

/** Signature Version 2, as a region that accepts only version 4 answers it, and how to sign with version 4. */
export function signatureVersion2(): AwsError {
  return new AwsError(
    'InvalidRequest',
    'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256. (The AWS CLI v1 presigns S3 URLs with Signature Version 2 unless told: aws configure set default.s3.signature_version s3v4)',
    400,
  );
}

export function malformedAuthorization(protocol: WireProtocol, detail: string): AwsError {
  if (protocol === 'rest-xml') {
    return new AwsError(
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; ${detail}`,
      400,
    );
  }
  if (protocol === 'query') return new AwsError('IncompleteSignature', detail, 400);
  return new AwsError('IncompleteSignatureException', detail, 400);
}

export function accessDenied(protocol: WireProtocol, message: string): AwsError {
  if (protocol === 'json') return new AwsError('AccessDeniedException', message, 400);
  if (protocol === 'rest-json') return new AwsError('AccessDeniedException', message, 403);
  return new AwsError('AccessDenied', message, 403);
}

export const SKEW_MS = 15 * 60 * 1000;

let lastAmzDate = '';
let lastAmzDateMs = Number.NaN;

/**
 * X-Amz-Date (20261125T120000Z) as epoch milliseconds, NaN when malformed. The last answer is kept: a client signs every
 * request of one second with the same date, and the front door reads it twice per request.
 */
export function amzDateToMs(amzDate: string): number {
  if (amzDate === lastAmzDate) return lastAmzDateMs;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  const ms = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
  lastAmzDate = amzDate;
  lastAmzDateMs = ms;
  return ms;
}

export const toAmzDate = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');

/** The --throttle knob's answer, shaped like each protocol's rate-limit error. */
export function throttled(protocol: WireProtocol): AwsError {
  if (protocol === 'rest-xml') return new AwsError('SlowDown', 'Please reduce your request rate.', 503);
  if (protocol === 'query') return new AwsError('Throttling', 'Rate exceeded', 400);
  return new AwsError('ThrottlingException', 'Rate exceeded', protocol === 'rest-json' ? 429 : 400);
}
