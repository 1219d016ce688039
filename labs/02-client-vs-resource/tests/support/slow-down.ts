import { type S3Client, type S3ClientConfig, S3ServiceException } from '@aws-sdk/client-s3';
import { createSession, throttledCredentials } from '@cloudlab/aws-session';
import { onEmulator } from './s3.ts';

/**
 * A client to which S3 answers every second request with 503 SlowDown, as S3 does when a prefix gets more
 * requests than it can take: the situation in which cleanup must still happen (`finally`) and a middleware
 * must still see one call (the SDK retries inside it). On the emulator the 503 is real: a fresh STS session
 * whose S3 requests the emulator throttles (asked for through @cloudlab/aws-session), with its own counter.
 * AWS cannot be asked to throttle, so elsewhere a middleware inside the SDK's retry loop raises S3's error.
 */
export async function slowingDown<C extends S3Client>(make: (config: S3ClientConfig) => C): Promise<C> {
  if (onEmulator()) return make({ credentials: await throttledCredentials(createSession(), { s3: 0.5 }) });
  const client = make({});
  let requests = 0;
  client.middlewareStack.add(
    (next) => (args) => {
      requests += 1;
      if (requests % 2 === 1) return next(args);
      return Promise.reject(
        new S3ServiceException({
          name: 'SlowDown',
          $fault: 'server',
          $metadata: { httpStatusCode: 503 },
          message: 'Please reduce your request rate.',
        }),
      );
    },
    // The retry middleware is finalizeRequest's high-priority entry: low priority puts this one inside it.
    { step: 'finalizeRequest', priority: 'low', name: 'cloudlabInjectSlowDown' },
  );
  return client;
}
