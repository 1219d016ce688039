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
  // BEGIN SOLUTION 4
  try {
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await answer.Body?.transformToString();
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw error;
  }
  // END SOLUTION
}

/** What a log line needs from any thrown value: SDK service errors carry `$metadata`, others do not. */
export function describeError(error: unknown): ErrorDescription {
  // BEGIN SOLUTION 4
  const name = error instanceof Error ? error.name : typeof error;
  const metadata = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } } | null)
    ?.$metadata;
  return {
    name,
    ...(metadata?.httpStatusCode !== undefined ? { httpStatusCode: metadata.httpStatusCode } : {}),
    ...(metadata?.requestId ? { requestId: metadata.requestId } : {}),
  };
  // END SOLUTION
}
