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
  // BEGIN SOLUTION 7
  if (!(error instanceof Error)) return false;
  const marked = (error as { $retryable?: { throttling?: boolean } }).$retryable?.throttling === true;
  return (
    marked ||
    [
      'ThrottlingException',
      'Throttling',
      'SlowDown',
      'TooManyRequestsException',
      'RequestLimitExceeded',
    ].includes(error.name)
  );
  // END SOLUTION
}

/**
 * Runs `operation`, retrying it while it fails with a throttling error: exponential backoff with full jitter
 * (delay = random() × min(maxDelayMs, baseDelayMs × 2^(retry − 1))). Any other error, and the last
 * throttling error once maxAttempts is reached, is thrown unchanged.
 */
export async function withBackoff<T>(operation: () => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  // BEGIN SOLUTION 7
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 2_000;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isThrottling(error) || attempt >= maxAttempts) throw error;
      await sleep(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
    }
  }
  // END SOLUTION
}
