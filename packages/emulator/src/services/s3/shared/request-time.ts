import type { RequestContext } from '../../../core/types.ts';

/** The request's time as the store keeps it (ISO 8601), from the emulator's clock (tests move it). */
export function nowIso(ctx: RequestContext): string {
  return new Date(ctx.runtime.now()).toISOString();
}
