import { AwsError } from '../core/aws-error.ts';
import type { Operation } from '../core/operation.ts';
import type { RequestContext, Service, WireProtocol } from '../core/types.ts';
import type { WireResponse } from '../core/wire.ts';
import { notImplemented } from './not-implemented.ts';
import { toXml } from './xml.ts';

/**
 * The AWS query protocol (STS, CloudFormation): form-encoded `Action=…&Version=…` in, XML out.
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */

/** The protocol a service this adapter builds speaks; a lazily loaded one's shape names it from here. */
export const QUERY_PROTOCOL = 'query' satisfies WireProtocol;

export type QueryParams = Record<string, string>;

/** An SDK output shape as the query protocol carries it: a timestamp may be given as its XML text already. */
export type QueryShape<T> = T extends Date
  ? Date | string
  : T extends readonly (infer Item)[]
    ? QueryShape<Item>[]
    : T extends object
      ? { [K in keyof T]: QueryShape<T[K]> }
      : T;

// biome-ignore lint/suspicious/noExplicitAny: the registry holds operations of every shape; each narrows its own.
type AnyOperation = Operation<any, object, void>;

export interface QueryServiceDefinition {
  signingName: string;
  version: string;
  xmlns: string;
  operations: ReadonlyMap<string, AnyOperation>;
  /** Decodes the flat parameters into the operation's input (default: the parameters as they are). */
  input?: (params: QueryParams) => unknown;
  /** Turns a service's own failure into the AwsError it answers (CloudFormation's template errors). */
  asAwsError?: (error: unknown) => AwsError | undefined;
  /** Every action AWS's API has (aws-operations.ts): one not served answers NotImplemented, not InvalidAction. */
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
  const { signingName, xmlns, operations, input = (params) => params, asAwsError } = definition;
  const unsupported = new Set(definition.unsupported ?? []);
  return {
    signingName,
    protocol: QUERY_PROTOCOL,
    async handle(_request, ctx) {
      try {
        const params = parseQueryParams(ctx);
        const action = params.Action;
        if (!action) throw new AwsError('MissingAction', 'Missing Action parameter in the request');
        const operation = operations.get(action);
        if (!operation) {
          if (unsupported.has(action)) throw notImplemented(signingName, action);
          throw new AwsError(
            'InvalidAction',
            `Could not find operation ${action} for version ${definition.version}`,
          );
        }
        const result = await operation.handle(input(params), ctx).catch((error: unknown) => {
          throw asAwsError?.(error) ?? error;
        });
        return queryResult(action, xmlns, result, ctx.requestId);
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        return queryError(error, ctx.requestId, xmlns);
      }
    },
  };
}

function queryResult(action: string, xmlns: string, result: object, requestId: string): WireResponse {
  const body = toXml({
    [`${action}Response`]: {
      '@_xmlns': xmlns,
      [`${action}Result`]: memberLists(result),
      ResponseMetadata: { RequestId: requestId },
    },
  });
  return xmlResponse(200, body, requestId);
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

export function queryError(error: AwsError, requestId: string, xmlns?: string): WireResponse {
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
  return xmlResponse(error.statusCode, body, requestId);
}

function xmlResponse(status: number, body: string, requestId: string): WireResponse {
  return {
    status,
    headers: {
      'content-type': 'text/xml',
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': requestId,
    },
    body,
  };
}
