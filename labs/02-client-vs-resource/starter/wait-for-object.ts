import { type S3Client, waitUntilObjectExists } from '@aws-sdk/client-s3';

export interface WaitResult {
  found: boolean;
  waitedMs: number;
}

/**
 * Waits until an object exists, polling HeadObject with the SDK's waiter (back-off between `minDelay` and
 * `maxDelay` seconds) for at most `maxWaitSeconds`. Gives up with `found: false` instead of throwing.
 */
export async function waitForObject(
  client: S3Client,
  bucket: string,
  key: string,
  maxWaitSeconds = 30,
): Promise<WaitResult> {
  const started = Date.now();
  throw new Error('TODO(3): Wait for an object with waitUntilObjectExists — see README.md, exercise 3');
}
