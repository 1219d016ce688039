import type { ServerResponse } from 'node:http';
import type { AwsError } from '../core/aws-error.ts';
import { toXml } from './xml.ts';

/**
 * Error bodies of the REST protocols, for errors the front door answers before a REST service sees
 * the request (S3's REST-XML `<Error>`, Lambda's REST-JSON). The services serialise their own.
 */

export function writeRestXmlError(res: ServerResponse, error: AwsError, requestId: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${toXml({
    Error: { Code: error.code, Message: error.message, ...error.extra, RequestId: requestId },
  })}`;
  res.writeHead(error.statusCode, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-amz-request-id': requestId,
  });
  res.end(body);
}

export function writeRestJsonError(res: ServerResponse, error: AwsError, requestId: string): void {
  const body = JSON.stringify({ Type: error.statusCode >= 500 ? 'Service' : 'User', message: error.message });
  res.writeHead(error.statusCode, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': error.code,
  });
  res.end(body);
}
