import { S3Client } from '@aws-sdk/client-s3';
import { labResourceContext, ResourceTracker } from '@cloudlab/aws-session';
import { afterAll, beforeAll } from 'vitest';

/**
 * An S3 client for the target the grader set up (AWS_ENDPOINT_URL, AWS_REGION, keys from the environment),
 * built without the code under test. Local endpoints have no per-bucket DNS: path-style URLs.
 */
export function testS3(): S3Client {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  return new S3Client({
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
}

/**
 * A fresh bucket for one test file, named cloudlab-<learner>-02-<purpose>-<random> and tagged, deleted with
 * everything in it after the file — whatever the student's code left behind, and even when it failed.
 */
export function useLabBucket(purpose: string): { readonly name: string; readonly s3: S3Client } {
  const s3 = testS3();
  const tracker = new ResourceTracker(labResourceContext('02'), { s3 });
  let name = '';
  beforeAll(async () => {
    name = await tracker.createBucket(purpose);
  });
  afterAll(async () => {
    const failed = (await tracker.cleanup()).filter((outcome) => !outcome.deleted);
    if (failed.length > 0) {
      throw new Error(
        `could not delete ${failed.map((f) => `${f.id} (${f.error})`).join(', ')} — run \`cloudlab cleanup --lab 02\``,
      );
    }
  });
  return {
    get name() {
      return name;
    },
    s3,
  };
}
