/** Rubric metadata of one check, stored on the Vitest task (`task.meta.cloudlab`) so reporters read it from the run. */
export interface CheckMeta {
  points: number;
  /** Progressive hints: hint 1 first, more on later `cloudlab hint` calls. */
  hints: string[];
  concept?: string;
  exercise?: number;
  timeoutMs: number;
}

export interface CheckOptions {
  points: number;
  hint: string | string[];
  concept?: string;
  exercise?: number;
  /** Per-check time limit; a check that blocks the event loop longer is stopped by the watchdog. */
  timeoutMs?: number;
}

declare module 'vitest' {
  interface TaskMeta {
    cloudlab?: CheckMeta;
  }
}

export { DEFAULT_CHECK_TIMEOUT_MS } from '../defaults.js';
