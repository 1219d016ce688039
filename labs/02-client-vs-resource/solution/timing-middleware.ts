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
  // BEGIN SOLUTION 5
  client.middlewareStack.remove(TIMING_MIDDLEWARE_NAME);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      const started = performance.now();
      try {
        const result = await next(args);
        const status = (result.output as { $metadata?: { httpStatusCode?: number } }).$metadata
          ?.httpStatusCode;
        log({ operation, ms: performance.now() - started, ...(status ? { httpStatusCode: status } : {}) });
        return result;
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        log({
          operation,
          ms: performance.now() - started,
          error: (error as Error).name,
          ...(status ? { httpStatusCode: status } : {}),
        });
        throw error;
      }
    },
    { step: 'initialize', name: TIMING_MIDDLEWARE_NAME },
  );
  // END SOLUTION
}
