import type { EmulatorRuntime, Service, ServiceFactory, UnsignedRoute, WireProtocol } from './types.ts';
import type { WireRequest } from './wire.ts';

/** What the front door must know of a service before its module is loaded: stated once, in the service's light `*-shape.ts`. */
export interface ServiceShape {
  signingName: string;
  protocol: WireProtocol;
  maxBodyBytes?: number;
  /** True when the loaded service answers unsigned routes (Lambda's HTTP APIs). */
  unsignedRoutes?: boolean;
}

interface LoadedGroup {
  loading: Promise<Map<string, Service>>;
  loaded?: Map<string, Service>;
}

/**
 * Services whose modules load on the first request to any of them, as one group (CloudFormation creates
 * Lambda functions and HTTP APIs, so those two share state and must come up together). Why: most sessions
 * never deploy, and the SAM services with their YAML and zip libraries cost the standalone emulator idle
 * RSS: ~56 MB with them deferred against 57–60 MB loaded at start (bench/emulator.ts, a noisy shared box).
 */
export function lazyServiceGroup(
  shapes: ServiceShape[],
  load: () => Promise<ServiceFactory[]>,
): ServiceFactory[] {
  // One group per emulator runtime: two emulators in one process never share services.
  const groups = new WeakMap<EmulatorRuntime, LoadedGroup>();
  const groupOf = (runtime: EmulatorRuntime): LoadedGroup => {
    let group = groups.get(runtime);
    if (!group) {
      const created: LoadedGroup = {
        loading: load().then(async (factories) => {
          const services = await Promise.all(factories.map((factory) => factory(runtime)));
          created.loaded = new Map(services.map((service) => [service.signingName, service]));
          return created.loaded;
        }),
      };
      group = created;
      groups.set(runtime, group);
    }
    return group;
  };

  return shapes.map((shape) => (runtime: EmulatorRuntime): Service => {
    const loaded = () => groups.get(runtime)?.loaded?.get(shape.signingName);
    const routeFor = (request: WireRequest, url: URL) =>
      loaded()?.unsignedRoutes?.find((route) => route.matches(request, url));
    // Until the group is loaded nothing can match: only its own requests create what these routes serve.
    const route: UnsignedRoute = {
      matches: (request, url) => routeFor(request, url) !== undefined,
      handle: (request, rt) =>
        routeFor(request, new URL(request.target, 'http://127.0.0.1'))!.handle(request, rt),
    };
    return {
      signingName: shape.signingName,
      protocol: shape.protocol,
      ...(shape.maxBodyBytes !== undefined ? { maxBodyBytes: shape.maxBodyBytes } : {}),
      ...(shape.unsignedRoutes ? { unsignedRoutes: [route] } : {}),
      async handle(request, ctx) {
        const service = (await groupOf(runtime).loading).get(shape.signingName);
        if (!service) throw new Error(`the lazy service group loaded no "${shape.signingName}" service`);
        return service.handle(request, ctx);
      },
      // Never loads the group: an account that made no request to it has nothing there.
      async deleteAccount(accountId) {
        await loaded()?.deleteAccount?.(accountId);
      },
      async close() {
        await loaded()?.close?.();
      },
    };
  });
}
