import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HttpApiAnswer, httpApiAnswer, httpApiMessage } from '@cloudlab/lambda-runtime';
import { httpApiEvent } from './http-api-event.ts';
import { type LocalInvokeOptions, type LocalInvokeReport, localInvoke } from './local-invoke.ts';
import { SamError } from './sam-error.ts';
import { type Json, loadTemplate, serverlessFunctions } from './template-file.ts';

/**
 * `sam local start-api` without Docker: an HTTP server on loopback that turns each request into an API Gateway
 * HTTP API event (payload format 2.0), runs the route's function once with localInvoke (so an edit to the
 * handler is picked up by the next request, and the function runs as its role on an emulator), and turns its
 * answer into the HTTP response API Gateway would send.
 */
export interface LocalApiOptions extends Omit<LocalInvokeOptions, 'event' | 'functionId'> {
  /** 0 picks a free port. Default 3000, as `sam local start-api`. */
  port?: number;
  /** Each invocation's report (logs, duration, errors), for the caller to print. */
  onInvoke?: (route: LocalRoute, report: LocalInvokeReport) => void;
}

export interface LocalRoute {
  functionId: string;
  /** Upper case, or ANY. */
  method: string;
  /** `/config/{name}`, or `$default`. */
  path: string;
}

export interface LocalApi {
  url: string;
  routes: LocalRoute[];
  close(): Promise<void>;
}

/** The HttpApi events of the template's functions: the routes SAM would create on the implicit HTTP API. */
export function httpApiRoutes(template: Json): LocalRoute[] {
  const routes: LocalRoute[] = [];
  for (const fn of serverlessFunctions(template)) {
    for (const event of Object.values((fn.props.Events ?? {}) as Record<string, Json>)) {
      if (event?.Type !== 'HttpApi') continue;
      const props = (event.Properties ?? {}) as Json;
      routes.push({
        functionId: fn.id,
        method: String(props.Method ?? 'ANY').toUpperCase(),
        path: String(props.Path ?? '$default'),
      });
    }
  }
  return routes;
}

/** A route's path as a pattern: `{name}` is one segment, `{proxy+}` the rest of the path. */
function routePattern(path: string): RegExp {
  const body = path
    .split('/')
    .map((part) => {
      if (/^\{[^}]+\+\}$/.test(part)) return '(.+)';
      if (/^\{[^}]+\}$/.test(part)) return '([^/]+)';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${body}$`);
}

/** API Gateway's choice: a literal path beats a template, a method beats ANY, `$default` comes last. */
export function matchLocalRoute(routes: LocalRoute[], method: string, path: string): LocalRoute | undefined {
  const score = (route: LocalRoute) =>
    (route.path === '$default' ? 0 : route.path.includes('{') ? 2 : 4) + (route.method === 'ANY' ? 0 : 1);
  return routes
    .filter((route) => route.method === 'ANY' || route.method === method.toUpperCase())
    .filter((route) => route.path === '$default' || routePattern(route.path).test(path))
    .sort((a, b) => score(b) - score(a))[0];
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The event API Gateway sends for this request (payload format 2.0). */
async function eventFor(req: IncomingMessage, route: LocalRoute): Promise<Json> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const body = await readBody(req);
  const event = httpApiEvent(req.method ?? 'GET', route.path, url.pathname) as Json;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query = Object.fromEntries(url.searchParams);
  const routeKey = route.path === '$default' ? '$default' : `${req.method} ${route.path}`;
  return {
    ...event,
    routeKey,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: { ...(event.requestContext as Json), routeKey },
    // API Gateway base64-encodes a body it cannot tell is text; a local server cannot tell either.
    ...(body.length ? { body: body.toString('base64'), isBase64Encoded: true } : { isBase64Encoded: false }),
  };
}

function write(res: ServerResponse, answer: HttpApiAnswer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

export async function startLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const routes = httpApiRoutes(loadTemplate(options.templatePath).template);
  if (routes.length === 0) {
    throw new SamError(
      'NoApiRoutes',
      'the template has no HttpApi events: give a function Events: { Api: { Type: HttpApi, Properties: { Path: /config/{name}, Method: GET } } }',
    );
  }
  const { port = 3000, onInvoke, ...invoke } = options;
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = matchLocalRoute(routes, req.method ?? 'GET', path);
    if (!route) {
      req.resume();
      write(res, httpApiMessage(404, 'Not Found'));
      return;
    }
    try {
      const report = await localInvoke({
        ...invoke,
        functionId: route.functionId,
        event: await eventFor(req, route),
      });
      onInvoke?.(route, report);
      // What API Gateway answers when the integration fails; the cause is in the function's logs.
      if (report.functionError) write(res, httpApiMessage(500, 'Internal Server Error'));
      else write(res, httpApiAnswer(report.payload));
    } catch (error) {
      const message =
        error instanceof SamError ? `${error.code}: ${error.message}` : (error as Error).message;
      write(res, httpApiMessage(502, message));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new SamError(
              'PortInUse',
              `port ${port} is taken: pass --port with another one (or 0 for any free port)`,
            )
          : error,
      ),
    );
    // Loopback only: the API runs your code with your credentials.
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
