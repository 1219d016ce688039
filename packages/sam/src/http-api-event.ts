import { randomUUID } from 'node:crypto';

/**
 * An API Gateway HTTP API (payload format 2.0) event, as `sam local generate-event apigateway http-api-proxy`
 * would give, for a route such as GET /config/{name} called on a concrete path.
 */
export function httpApiEvent(
  method: string,
  routePath: string,
  path: string,
  body?: string,
): Record<string, unknown> {
  const names = [...routePath.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!);
  const pattern = new RegExp(
    `^${routePath.replace(/\{[^}]+\+\}/g, '(.+)').replace(/\{[^}]+\}/g, '([^/]+)')}$`,
  );
  const match = pattern.exec(path);
  const pathParameters = match
    ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]))
    : {};
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${method} ${routePath}`,
    rawPath: path,
    rawQueryString: '',
    headers: { accept: 'application/json', host: 'localhost', 'user-agent': 'cloudlab-local-invoke' },
    ...(names.length ? { pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'cloudlab-local-invoke' },
      requestId: randomUUID(),
      routeKey: `${method} ${routePath}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}
