import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from '../core/aws-error.ts';
import type { RequestContext, Service } from '../core/types.ts';
import { toXml } from './xml.ts';

/**
 * The AWS query protocol (STS, CloudFormation): form-encoded `Action=…&Version=…` in, XML out.
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */

export type QueryParams = Record<string, string>;
export type QueryOperation = (params: QueryParams, ctx: RequestContext) => Promise<object>;

export interface QueryServiceDefinition {
  signingName: string;
  version: string;
  xmlns: string;
  /** One entry per supported action, e.g. { GetCallerIdentity: getCallerIdentity }. */
  operations: Record<string, QueryOperation>;
  /** Actions AWS has that the emulator does not: answered with NotImplemented rather than InvalidAction. */
  unsupported?: string[];
}

export function parseQueryParams(ctx: RequestContext): QueryParams {
  const params: QueryParams = {};
  for (const [key, value] of ctx.url.searchParams) params[key] = value;
  const body = ctx.body?.toString('utf8') ?? '';
  for (const [key, value] of new URLSearchParams(body)) params[key] = value;
  return params;
}

export function createQueryService(definition: QueryServiceDefinition): Service {
  const { signingName, xmlns, operations } = definition;
  const unsupported = new Set(definition.unsupported ?? []);
  return {
    signingName,
    protocol: 'query',
    async handle(_req: IncomingMessage, res: ServerResponse, ctx: RequestContext) {
      try {
        const params = parseQueryParams(ctx);
        const action = params.Action;
        if (!action) throw new AwsError('MissingAction', 'Missing Action parameter in the request');
        const operation = Object.hasOwn(operations, action) ? operations[action] : undefined;
        if (!operation) {
          if (unsupported.has(action)) throw notImplemented(signingName, action);
          throw new AwsError(
            'InvalidAction',
            `Could not find operation ${action} for version ${definition.version}`,
          );
        }
        const result = await operation(params, ctx);
        writeQueryResult(res, action, xmlns, result, ctx.requestId);
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        writeQueryError(res, error, ctx.requestId, xmlns);
      }
    },
  };
}

export function writeQueryResult(
  res: ServerResponse,
  action: string,
  xmlns: string,
  result: object,
  requestId: string,
): void {
  const body = toXml({
    [`${action}Response`]: {
      '@_xmlns': xmlns,
      [`${action}Result`]: memberLists(result),
      ResponseMetadata: { RequestId: requestId },
    },
  });
  send(res, 200, body, requestId);
}

/**
 * The query protocol writes a list as <Name><member>…</member>…</Name>: operations return the SDK's output
 * shapes with plain arrays, and the lists are wrapped here (a value already under `member` is left alone).
 */
function memberLists(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => memberLists(item));
    return key === 'member' ? items : { member: items };
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, memberLists(v, k)]));
  }
  return value;
}

export function writeQueryError(
  res: ServerResponse,
  error: AwsError,
  requestId: string,
  xmlns?: string,
): void {
  const body = toXml({
    ErrorResponse: {
      ...(xmlns ? { '@_xmlns': xmlns } : {}),
      Error: {
        Type: error.statusCode >= 500 ? 'Receiver' : 'Sender',
        Code: error.code,
        Message: error.message,
        ...error.extra,
      },
      RequestId: requestId,
    },
  });
  send(res, error.statusCode, body, requestId);
}

export function notImplemented(service: string, operation: string): AwsError {
  return new AwsError(
    'NotImplemented',
    `The cloudlab emulator does not implement ${service}:${operation}; run against AWS (--target aws) or another endpoint (--endpoint URL) to use it`,
    501,
  );
}

function send(res: ServerResponse, status: number, body: string, requestId: string): void {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}
