import type { AwsError } from '../core/aws-error.ts';
import type { WireResponse } from '../core/wire.ts';

/**
 * The REST-JSON protocol's answers (Lambda, the IAM Identity Center portal): a JSON body, and errors as
 * `{"Type", "message"}` with the code in x-amzn-ErrorType. The REST binding (method and path to an
 * operation) is each service's own.
 */

export function restJsonResponse(
  status: number,
  output: unknown,
  requestId: string,
  extra?: { raw?: Buffer; headers?: Record<string, string> },
): WireResponse {
  // A 204 has no body (DeleteFunction, a DryRun Invoke).
  const payload =
    extra?.raw ?? (output === undefined || status === 204 ? undefined : Buffer.from(JSON.stringify(output)));
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      ...(payload ? { 'content-length': String(payload.length) } : {}),
      ...extra?.headers,
    },
    ...(payload ? { body: payload } : {}),
  };
}

export function restJsonError(error: AwsError, requestId: string): WireResponse {
  const body = JSON.stringify({ Type: error.statusCode >= 500 ? 'Service' : 'User', message: error.message });
  return {
    status: error.statusCode,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
    },
    body,
  };
}
