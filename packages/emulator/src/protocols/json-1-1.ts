import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from '../core/aws-error.ts';
import type { RequestContext, Service } from '../core/types.ts';
import { notImplemented } from './query.ts';

/**
 * The AWS JSON 1.1 protocol (SSM): `X-Amz-Target: AmazonSSM.GetParameter` names the operation, the
 * body is its JSON input, errors are `{"__type": code, "message": …}` plus an x-amzn-ErrorType header.
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */

// biome-ignore lint/suspicious/noExplicitAny: each operation narrows its own input; the table stays one type.
export type JsonOperation = (input: any, ctx: RequestContext) => Promise<unknown>;

export interface JsonServiceDefinition {
  signingName: string;
  /** The X-Amz-Target prefix, e.g. 'AmazonSSM'. */
  targetPrefix: string;
  operations: Record<string, JsonOperation>;
  unsupported?: string[];
}

export function createJsonService(definition: JsonServiceDefinition): Service {
  const { signingName, targetPrefix, operations } = definition;
  const unsupported = new Set(definition.unsupported ?? []);
  return {
    signingName,
    protocol: 'json',
    async handle(req: IncomingMessage, res: ServerResponse, ctx: RequestContext) {
      try {
        const target = String(req.headers['x-amz-target'] ?? '');
        const dot = target.lastIndexOf('.');
        const name = target.slice(dot + 1);
        const operation =
          target.slice(0, dot) === targetPrefix && Object.hasOwn(operations, name)
            ? operations[name]
            : undefined;
        if (!operation) {
          if (unsupported.has(name)) throw notImplemented(signingName, name);
          throw new AwsError(
            'UnknownOperationException',
            `Unknown operation ${target || '(no X-Amz-Target)'}`,
          );
        }
        const output = await operation(parseJsonBody(ctx.body), ctx);
        writeJson(res, 200, output ?? {}, ctx.requestId);
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        writeJsonError(res, error, ctx.requestId);
      }
    },
  };
}

export function parseJsonBody(body: Buffer | undefined): Record<string, unknown> {
  if (!body || body.length === 0) return {};
  const text = body.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    if (text.trim() === '') return {};
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  return value as Record<string, unknown>;
}

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export function writeJson(res: ServerResponse, status: number, output: unknown, requestId: string): void {
  // Operations write timestamps as epoch seconds themselves, as JSON 1.1 wants.
  const body = JSON.stringify(output);
  // A flat [name, value, …] list: node stores it without building a headers object first.
  res.writeHead(status, [
    'content-type',
    JSON_CONTENT_TYPE,
    'content-length',
    Buffer.byteLength(body),
    'x-amzn-requestid',
    requestId,
  ]);
  res.end(body);
}

export function writeJsonError(res: ServerResponse, error: AwsError, requestId: string): void {
  const body = JSON.stringify({ __type: error.code, message: error.message, ...error.extra });
  res.writeHead(error.statusCode, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': error.code,
  });
  res.end(body);
}
