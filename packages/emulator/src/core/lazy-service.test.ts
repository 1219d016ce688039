import { describe, expect, it } from 'vitest';
import { lazyServiceGroup } from './lazy-service.ts';
import type { EmulatorRuntime, RequestContext, Service, ServiceFactory, WireProtocol } from './types.ts';
import type { WireRequest } from './wire.ts';

const req = { target: '/api/hello' } as WireRequest;
const ctx = {} as RequestContext;
const ok = { status: 200, headers: {} };

/** A group of two fake services that record what they handled, and a count of loads. */
function group() {
  const handled: string[] = [];
  let loads = 0;
  const fake =
    (signingName: string, protocol: WireProtocol, route?: string): ServiceFactory =>
    () =>
      ({
        signingName,
        protocol,
        handle: async () => {
          handled.push(signingName);
          return ok;
        },
        ...(route
          ? {
              unsignedRoutes: [
                {
                  matches: (_request: WireRequest, url: URL) => url.pathname === route,
                  handle: async () => {
                    handled.push(`${signingName} route`);
                    return ok;
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
      return [fake('cloudformation', 'query'), fake('lambda', 'rest-json', '/api/hello')];
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

    await cloudformation!.handle(req, ctx);
    await lambda!.handle(req, ctx);
    await cloudformation!.handle(req, ctx);
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

    await cloudformation!.handle(req, ctx);
    expect(route.matches(req, url)).toBe(true);
    expect(route.matches(req, new URL('http://127.0.0.1/other'))).toBe(false);
    await route.handle(req, runtime);
    expect(handled).toEqual(['cloudformation', 'lambda route']);
  });

  it('loads a group per emulator runtime, so two emulators in one process share no service', async () => {
    const { factories, loads } = group();
    for (const runtime of [{}, {}] as EmulatorRuntime[]) {
      const [cloudformation] = (await Promise.all(factories.map((f) => f(runtime)))) as Service[];
      await cloudformation!.handle(req, ctx);
    }
    expect(loads()).toBe(2);
  });
});
