import { expect } from 'vitest';

/**
 * The value of a promise from the code under test; a rejection fails the check with `expected`, naming
 * what was thrown. Left to escape, an error such as the waiter's TimeoutError or S3's SlowDown would be
 * taken by the grader for the endpoint's fault ("did not answer", "throttled") instead of the answer's.
 */
export async function settled<T>(promise: Promise<T>, expected: string): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    const thrown = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return expect.fail(`${expected}, but it threw ${thrown.slice(0, 300)}`);
  }
}
