import type { ServiceFactory } from '../core/types.ts';
import { createStsService } from './sts/index.ts';

/** Every service the emulator serves, keyed by nothing but its own signingName. One line each. */
export const serviceFactories: ServiceFactory[] = [createStsService];
