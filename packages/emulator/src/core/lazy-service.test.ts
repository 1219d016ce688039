import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { lazyServiceGroup } from './lazy-service.ts';
import type { EmulatorRuntime, RequestContext, Service, ServiceFactory } from './types.ts';

const req = { url: '/api/hello' } as IncomingMessage;
const res = {} as ServerResponse;
const ctx = {} as RequestContext;

/** A group of two fake services that record what they handled, and a count of loads. */
function group() {
  const handled: string[] = [];
  let loads = 0;
  const fake =
    (signingName: string, route?: string): ServiceFactory =>
    () =>
      ({
        signingName,
        handle: async () => {
          handled.push(signingName);
        },
        ...(route
          ? {
              unsignedRoutes: [
                {
                  matches: (_req: IncomingMessage, url: URL) => url.pathname === route,
                  handle: async () => {
                    handled.push(`${signingName} route`);
                  },
                },
              ],
            }
          : {}),
      }) satisfies Service;
  const factories = lazyServiceGroup(
    [
      { signingName: 'cloudformation', protocol: 'query' },
      { signingName: 'lambda', protocol: 'rest-json', maxBodyBytes: 42, unsignedRoutes: true },
    ],
    async () => {
      loads++;
      return [fake('cloudformation'), fake('lambda', '/api/hello')];
    },
  );
  return { factories, handled, loads: () => loads };
}

describe('lazyServiceGroup', () => {
  it('shows the front door each shape without loading, then loads the whole group once on a first request', async () => {
    const { factories, handled, loads } = group();
    const runtime = {} as EmulatorRuntime;
    const [cloudformation, lambda] = (await Promise.all(factories.map((f) => f(runtime)))) as Service[];
    expect(lambda!.protocol).toBe('rest-json');
    expect(lambda!.maxBodyBytes).toBe(42);
    expect(loads()).toBe(0);

    await cloudformation!.handle(req, res, ctx);
    await lambda!.handle(req, res, ctx);
    await cloudformation!.handle(req, res, ctx);
    expect(handled).toEqual(['cloudformation', 'lambda', 'cloudformation']);
    expect(loads()).toBe(1);
  });

  it('matches no unsigned route before the group is loaded, and the loaded service’s routes after', async () => {
    const { factories, handled } = group();
    const runtime = {} as EmulatorRuntime;
    const [cloudformation, lambda] = (await Promise.all(factories.map((f) => f(runtime)))) as Service[];
    const route = lambda!.unsignedRoutes![0]!;
    const url = new URL('http://127.0.0.1/api/hello');
    expect(route.matches(req, url)).toBe(false);

    await cloudformation!.handle(req, res, ctx);
    expect(route.matches(req, url)).toBe(true);
    expect(route.matches(req, new URL('http://127.0.0.1/other'))).toBe(false);
    await route.handle(req, res, runtime);
    expect(handled).toEqual(['cloudformation', 'lambda route']);
  });

  it('loads a group per emulator runtime, so two emulators in one process share no service', async () => {
    const { factories, loads } = group();
    for (const runtime of [{}, {}] as EmulatorRuntime[]) {
      const [cloudformation] = (await Promise.all(factories.map((f) => f(runtime)))) as Service[];
      await cloudformation!.handle(req, res, ctx);
    }
    expect(loads()).toBe(2);
  });
});
