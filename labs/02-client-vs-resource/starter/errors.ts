import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';

export interface ErrorDescription {
  /** The AWS error code, which the SDK puts in `name` (NoSuchKey, NoSuchBucket, AccessDenied, …). */
  name: string;
  /** The HTTP status of the failed response, when there was one. */
  httpStatusCode?: number;
  requestId?: string;
}

/** The text of an object, or undefined when the key does not exist. Any other failure is rethrown. */
export async function readTextOrUndefined(
  client: S3Client,
  bucket: string,
  key: string,
): Promise<string | undefined> {
  throw new Error('TODO(4): Handle errors by class and status — see README.md, exercise 4');
}

/** What a log line needs from any thrown value: SDK service errors carry `$metadata`, others do not. */
export function describeError(error: unknown): ErrorDescription {
  throw new Error('TODO(4): Handle errors by class and status — see README.md, exercise 4');
}
