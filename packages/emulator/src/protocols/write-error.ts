import type { ServerResponse } from 'node:http';
import type { AwsError } from '../core/aws-error.ts';
import type { WireProtocol } from '../core/types.ts';
import { writeJsonError } from './json-1-1.ts';
import { writeQueryError } from './query.ts';
import { writeRestJsonError, writeRestXmlError } from './rest-errors.ts';

const defaults: Record<string, WireProtocol> = {
  s3: 'rest-xml',
  sts: 'query',
  cloudformation: 'query',
  lambda: 'rest-json',
};

/** The wire protocol of a signing name, for services not (yet) registered with one. */
export const protocolOf = (signingName: string): WireProtocol => defaults[signingName] ?? 'json';

export function writeError(
  res: ServerResponse,
  protocol: WireProtocol,
  error: AwsError,
  requestId: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (protocol === 'query') writeQueryError(res, error, requestId);
  else if (protocol === 'rest-xml') writeRestXmlError(res, error, requestId);
  else if (protocol === 'rest-json') writeRestJsonError(res, error, requestId);
  else writeJsonError(res, error, requestId);
}
