export interface BackoffOptions {
  /** Attempts in all, the first included (default 5). */
  maxAttempts?: number;
  /** The delay cap before the first retry, in ms; it doubles for each retry after (default 100). */
  baseDelayMs?: number;
  /** No delay is longer than this (default 2,000). */
  maxDelayMs?: number;
  /** Waits `ms`; tests pass one that records the delays instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for the jitter; tests pass a fixed one. */
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * True for the errors that mean "slow down": ThrottlingException (SSM and other JSON services),
 * Throttling (query services), SlowDown (S3) and anything the SDK itself marks as throttling.
 */
export function isThrottling(error: unknown): boolean {
  throw new Error('TODO(7): Retry throttled calls with backoff — see README.md, exercise 7');
}

/**
 * Runs `operation`, retrying it while it fails with a throttling error: exponential backoff with full jitter
 * (delay = random() × min(maxDelayMs, baseDelayMs × 2^(retry − 1))). Any other error, and the last
 * throttling error once maxAttempts is reached, is thrown unchanged.
 */
export async function withBackoff<T>(operation: () => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  throw new Error('TODO(7): Retry throttled calls with backoff — see README.md, exercise 7');
}
