import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type HttpApiAnswer, httpApiAnswer, httpApiMessage } from '@cloudlab/lambda-runtime';
import type { EmulatorRuntime, UnsignedRoute } from '../../core/types.ts';
import type { WireResponse } from '../../core/wire.ts';
import { findFunction, invokeFunction } from './function-operations.ts';
import { type HttpApi, type HttpApiRoute, lambdaState } from './lambda-state.ts';

/**
 * An API Gateway HTTP API in front of Lambda functions, at {endpoint}/_api/{apiId}/… (the emulator's stand-in for
 * https://{apiId}.execute-api.{region}.amazonaws.com). Unsigned, like a public API. Payload format 2.0:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export const HTTP_API_PREFIX = '/_api/';

export function httpApiUrl(endpoint: string, apiId: string): string {
  return `${endpoint}${HTTP_API_PREFIX}${apiId}`;
}

function readBody(req: Readable, limit = 10 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) req.destroy(new Error('payload too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function templateRegex(path: string): RegExp {
  const body = path
    .split('/')
    .map((part) => {
      if (/^\{[^}]+\+\}$/.test(part)) return `(?<${part.slice(1, -2)}>.+)`;
      if (/^\{[^}]+\}$/.test(part)) return `(?<${part.slice(1, -1)}>[^/]+)`;
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${body}$`);
}

/** The best route: a method match beats ANY, a literal path beats a template, $default comes last. */
export function matchRoute(api: HttpApi, method: string, path: string) {
  const candidates: Array<{ route: HttpApiRoute; params: Record<string, string>; score: number }> = [];
  for (const route of api.routes) {
    if (route.method !== 'any' && route.method !== method.toLowerCase()) continue;
    if (route.path === '$default') {
      candidates.push({ route, params: {}, score: 0 });
      continue;
    }
    const match = templateRegex(route.path).exec(path);
    if (!match) continue;
    const params = Object.fromEntries(
      Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
    );
    const literal = route.path.includes('{') ? 1 : 2;
    candidates.push({ route, params, score: literal * 2 + (route.method === 'any' ? 0 : 1) });
  }
  return candidates.sort((a, b) => b.score - a.score)[0];
}

function send(answer: HttpApiAnswer): WireResponse {
  const headers: Record<string, string> = {};
  // Set-Cookie is the one header a result repeats: node writes a list as one header line per value.
  const cookies = answer.headers['set-cookie'];
  for (const [name, value] of Object.entries(answer.headers))
    if (typeof value === 'string') headers[name] = value;
  const flat = Object.entries(headers).flat();
  if (Array.isArray(cookies)) for (const cookie of cookies) flat.push('set-cookie', cookie);
  return { status: answer.status, headers: flat, body: answer.body };
}

export const httpApiRoute: UnsignedRoute = {
  matches: (_request, url) => url.pathname.startsWith(HTTP_API_PREFIX),
  async handle(request, runtime: EmulatorRuntime) {
    const url = new URL(request.target, 'http://localhost');
    const rest = url.pathname.slice(HTTP_API_PREFIX.length);
    const slash = rest.indexOf('/');
    const apiId = slash < 0 ? rest : rest.slice(0, slash);
    const path = slash < 0 ? '/' : rest.slice(slash);
    const api = lambdaState(runtime).apis.get(apiId);
    const method = request.method;
    const matched = api && matchRoute(api, method, path);
    if (!api || !matched) {
      request.body.resume();
      return send(httpApiMessage(404, 'Not Found'));
    }
    const body = await readBody(request.body);
    const caller = { accountId: api.accountId, region: api.region };
    const routeKey = matched.route.path === '$default' ? '$default' : `${method} ${matched.route.path}`;
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(',') : value;
    }
    const query = [...url.searchParams.keys()].length ? Object.fromEntries(url.searchParams) : undefined;
    const now = new Date(runtime.now());
    const event = {
      version: '2.0',
      routeKey,
      rawPath: path,
      rawQueryString: url.search.slice(1),
      headers,
      ...(query ? { queryStringParameters: query } : {}),
      ...(Object.keys(matched.params).length ? { pathParameters: matched.params } : {}),
      requestContext: {
        accountId: api.accountId,
        apiId,
        domainName: url.host,
        domainPrefix: apiId,
        http: {
          method,
          path,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      ...(body.length
        ? { body: body.toString('base64'), isBase64Encoded: true }
        : { isBase64Encoded: false }),
    };
    let result: Awaited<ReturnType<typeof invokeFunction>>;
    try {
      result = await invokeFunction(runtime, findFunction(runtime, caller, matched.route.functionArn), event);
    } catch {
      return send(httpApiMessage(500, 'Internal Server Error'));
    }
    if (result.functionError) return send(httpApiMessage(500, 'Internal Server Error'));
    return send(httpApiAnswer(result.payload));
  },
};
