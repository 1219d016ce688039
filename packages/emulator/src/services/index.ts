import type { ServiceFactory } from '../core/types.ts';

/** Every service the emulator serves, keyed by nothing but its own signingName. One line each. */
export const serviceFactories: ServiceFactory[] = [];
