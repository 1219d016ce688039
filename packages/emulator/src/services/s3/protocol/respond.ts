import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsError } from '../../../core/aws-error.ts';
import { hostId } from '../../../core/ids.ts';
import type { RequestContext } from '../../../core/types.ts';
import type { S3Result } from '../s3-action.ts';
import { buildXmlDocument } from './xml.ts';

function requestHeaders(ctx: RequestContext): Record<string, string> {
  return { 'x-amz-request-id': ctx.requestId, 'x-amz-id-2': hostId() };
}

/** Writes an action's result: status, headers, then an XML document or a streamed body (none for HEAD). */
export async function writeResult(
  res: ServerResponse,
  result: S3Result,
  ctx: RequestContext,
  method: string,
) {
  if (result.handled) return;
  const headers: Record<string, string | number> = { ...requestHeaders(ctx) };
  for (const [name, value] of Object.entries(result.headers ?? {}))
    if (value !== undefined) headers[name] = value;
  let body: Readable | Buffer | undefined = result.body;
  if (result.xml) {
    body = Buffer.from(buildXmlDocument(result.xml.root, result.xml.value, { namespace: true }), 'utf8');
    headers['content-type'] = 'application/xml';
  }
  if (Buffer.isBuffer(body) && headers['content-length'] === undefined)
    headers['content-length'] = body.length;
  if (body === undefined && headers['content-length'] === undefined) headers['content-length'] = 0;
  res.writeHead(result.status ?? 200, headers);
  if (method === 'HEAD' || body === undefined) {
    if (body instanceof Readable) body.destroy();
    res.end();
    return;
  }
  if (Buffer.isBuffer(body)) {
    res.end(body);
    return;
  }
  // A client that hangs up mid-download is not an error worth reporting.
  await pipeline(body, res).catch(() => undefined);
}

/**
 * Serialises any failure in S3's REST-XML error shape, the one place errors become HTTP:
 * `<Error><Code/><Message/>[BucketName/Key/…]<Resource/><RequestId/><HostId/></Error>`,
 * and for HEAD requests the status alone, as S3 sends no body there.
 */
export function writeError(
  res: ServerResponse,
  error: unknown,
  ctx: RequestContext,
  method: string,
  resource: string,
): void {
  const known = error instanceof AwsError ? error : undefined;
  if (!known) {
    const log = ctx.runtime.options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    log(`s3: internal error on ${method} ${resource}: ${(error as Error)?.stack ?? String(error)}`);
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const aws =
    known ?? new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500);
  const headers: Record<string, string | number> = { ...requestHeaders(ctx) };
  if (method === 'HEAD') {
    headers['content-length'] = 0;
    res.writeHead(aws.statusCode, headers);
    res.end();
    return;
  }
  const body = Buffer.from(
    buildXmlDocument(
      'Error',
      {
        Code: aws.code,
        Message: aws.message,
        ...aws.extra,
        Resource: resource,
        RequestId: ctx.requestId,
        HostId: headers['x-amz-id-2'],
      },
      { namespace: false },
    ),
    'utf8',
  );
  headers['content-type'] = 'application/xml';
  headers['content-length'] = body.length;
  res.writeHead(aws.statusCode, headers);
  res.end(body);
}
