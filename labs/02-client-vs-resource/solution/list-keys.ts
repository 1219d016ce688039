import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';

export interface ListOptions {
  prefix?: string;
  /** Keys per ListObjectsV2 call (S3 returns at most 1,000). */
  pageSize?: number;
}

/**
 * Every key in the bucket (under a prefix), across as many ListObjectsV2 pages as it takes. One call
 * returns at most 1,000 keys: the paginator follows NextContinuationToken for you.
 */
export async function listAllKeys(
  client: S3Client,
  bucket: string,
  options: ListOptions = {},
): Promise<string[]> {
  // BEGIN SOLUTION 2
  const keys: string[] = [];
  const pages = paginateListObjectsV2(
    { client, ...(options.pageSize ? { pageSize: options.pageSize } : {}) },
    { Bucket: bucket, ...(options.prefix ? { Prefix: options.prefix } : {}) },
  );
  for await (const page of pages) {
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
  }
  return keys;
  // END SOLUTION
}
