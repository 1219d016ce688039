/** Rubric metadata of one check, stored on the Vitest task (`task.meta.cloudlab`) so reporters read it from the run. */
export interface CheckMeta {
  points: number;
  /** Progressive hints: hint 1 first, more on later `cloudlab hint` calls. */
  hints: string[];
  /** The texts of the check's cause hints (CauseHint), in order: a failure with one of these causes shows it first. */
  causes?: string[];
  concept?: string;
  exercise?: number;
  timeoutMs: number;
}

/**
 * A hint for one cause of failure, chosen by the error rather than by order: a wrong ARN from a leading slash
 * and one from a missing `!Sub` fail the same check and need different hints.
 */
export interface CauseHint {
  /** A pattern tested against the error's `name: message`, or a predicate given the thrown value. */
  when: RegExp | ((error: unknown) => boolean);
  hint: string;
}

export interface CheckOptions {
  points: number;
  /**
   * Progressive hints (strings, at least one), and hints for causes (CauseHint) in any place of the list: when
   * a failure matches a cause, its hint comes first, then the progressive ones. The first cause that matches wins.
   */
  hint: string | (string | CauseHint)[];
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

/** The property a failed check's error carries: the index of the cause hint it matched (CheckMeta.causes). */
export const CAUSE_PROPERTY = 'cloudlabCause';
