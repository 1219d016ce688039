import { AwsError } from '../core/aws-error.ts';
import type { Operation } from '../core/operation.ts';
import type { RequestContext, Service } from '../core/types.ts';
import { headerOf, type WireResponse } from '../core/wire.ts';
import { notImplemented } from './not-implemented.ts';

/**
 * The AWS JSON 1.1 protocol (SSM): `X-Amz-Target: AmazonSSM.GetParameter` names the operation, the
 * body is its JSON input, errors are `{"__type": code, "message": …}` plus an x-amzn-ErrorType header.
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */

/** An SDK output shape as JSON 1.1 carries it: timestamps are epoch seconds, which handlers write themselves. */
export type JsonShape<T> = T extends Date
  ? number
  : T extends readonly (infer Item)[]
    ? JsonShape<Item>[]
    : T extends object
      ? { [K in keyof T]: JsonShape<T[K]> }
      : T;

// biome-ignore lint/suspicious/noExplicitAny: the registry holds operations of every shape; each narrows its own.
type AnyOperation<Env> = Operation<any, any, Env>;

export interface JsonServiceDefinition<Env> {
  signingName: string;
  /** The X-Amz-Target prefix, e.g. 'AmazonSSM'. */
  targetPrefix: string;
  operations: ReadonlyMap<string, AnyOperation<Env>>;
  /** What the service's operations share. */
  env: Env;
  /** Every operation AWS's API has (aws-operations.ts): one not served answers NotImplemented, not UnknownOperation. */
  unsupported?: string[];
}

export function createJsonService<Env>(definition: JsonServiceDefinition<Env>): Service {
  const { signingName, targetPrefix, operations, env } = definition;
  const unsupported = new Set(definition.unsupported ?? []);
  return {
    signingName,
    protocol: 'json',
    async handle(request, ctx: RequestContext) {
      try {
        const target = headerOf(request, 'x-amz-target') ?? '';
        const dot = target.lastIndexOf('.');
        const name = target.slice(dot + 1);
        const operation = target.slice(0, dot) === targetPrefix ? operations.get(name) : undefined;
        if (!operation) {
          if (unsupported.has(name)) throw notImplemented(signingName, name);
          throw new AwsError(
            'UnknownOperationException',
            `Unknown operation ${target || '(no X-Amz-Target)'}`,
          );
        }
        const output = await operation.handle(parseJsonBody(ctx.body), ctx, env);
        return jsonResponse(200, output ?? {}, ctx.requestId);
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        return jsonError(error, ctx.requestId);
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

export function jsonResponse(status: number, output: unknown, requestId: string): WireResponse {
  const body = JSON.stringify(output);
  return {
    status,
    // A flat [name, value, …] list: node stores it without building a headers object first.
    headers: [
      'content-type',
      JSON_CONTENT_TYPE,
      'content-length',
      Buffer.byteLength(body),
      'x-amzn-requestid',
      requestId,
    ],
    body,
  };
}

export function jsonError(error: AwsError, requestId: string): WireResponse {
  const body = JSON.stringify({ __type: error.code, message: error.message, ...error.extra });
  return {
    status: error.statusCode,
    headers: {
      'content-type': JSON_CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
    },
    body,
  };
}
