import type { S3Client } from '@aws-sdk/client-s3';

export interface CallTiming {
  /** The operation name without "Command": PutObject, ListObjectsV2, … */
  operation: string;
  ms: number;
  /** HTTP status of the response, also for failed calls. */
  httpStatusCode?: number;
  /** The error name when the call failed. */
  error?: string;
}

export const TIMING_MIDDLEWARE_NAME = 'cloudlabTiming';

/**
 * Adds a middleware that reports every call's operation and latency (retries included) to `log`.
 * Adding it twice replaces the first one rather than logging each call twice.
 */
export function addTimingMiddleware(client: S3Client, log: (timing: CallTiming) => void): void {
  throw new Error('TODO(5): Log operation and latency with a middleware — see README.md, exercise 5');
}
