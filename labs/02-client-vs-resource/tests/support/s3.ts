import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  S3,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import {
  labResourceContext,
  labTagList,
  ResourceTracker,
  resourcePrefix,
  seedEmulatorObjects,
} from '@cloudlab/aws-session';
import { afterAll, beforeAll } from 'vitest';

/**
 * An S3 client for the target the grader set up (AWS_ENDPOINT_URL, AWS_REGION, keys from the environment),
 * built without the code under test. Local endpoints have no per-bucket DNS: path-style URLs.
 */
export function testS3(config: S3ClientConfig = {}): S3Client {
  return new S3Client(targetConfig(config));
}

/** The aggregated client (one method per operation) for the same target. */
export function testS3Aggregated(config: S3ClientConfig = {}): S3 {
  return new S3(targetConfig(config));
}

function targetConfig(config: S3ClientConfig): S3ClientConfig {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  return {
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...config,
  };
}

/** True when the grader runs against the cloudlab emulator (embedded or at an endpoint it started). */
export const onEmulator = () => (process.env.CLOUDLAB_TARGET ?? 'emulator') === 'emulator';

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

/** Objects a test file needs in its bucket before it starts. */
export interface Seed {
  keys: readonly string[];
  body: string;
}

/**
 * A bucket filled with `seed` for one test file. On the embedded emulator (which lives exactly as long as
 * the grader's Vitest instance: one `cloudlab grade`, a whole `watch` session or `dev check`) the bucket is
 * kept with a name fixed for the run, so a re-grade finds the objects in place and uploads only what is
 * missing — it checks, by listing, rather than trusting that an earlier run finished. Anywhere else (real
 * AWS, another endpoint) it is a fresh bucket of useLabBucket, deleted after the file.
 */
export function useSeededBucket(
  purpose: string,
  seed: Seed,
): { readonly name: string; readonly s3: S3Client } {
  if (!onEmulator()) {
    const bucket = useLabBucket(purpose);
    beforeAll(() => putMissing(bucket.s3, bucket.name, seed, new Set()), 120_000);
    return bucket;
  }
  const s3 = testS3();
  const ctx = labResourceContext('02');
  const name = `${resourcePrefix(ctx)}-${purpose}-${ctx.runId}`.slice(0, 63);
  beforeAll(async () => {
    const exists = await s3.send(new HeadBucketCommand({ Bucket: name })).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await s3.send(new CreateBucketCommand({ Bucket: name }));
      await s3.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: labTagList(ctx) } }));
    }
    const present = new Set<string>();
    if (exists) {
      for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: name })) {
        for (const object of page.Contents ?? []) if (object.Key) present.add(object.Key);
      }
    }
    // Whatever an earlier run left that is not in the seed goes, so the bucket holds exactly the seed.
    const wanted = new Set(seed.keys);
    const extra = [...present].filter((key) => !wanted.has(key));
    for (let i = 0; i < extra.length; i += 1000) {
      const Objects = extra.slice(i, i + 1000).map((Key) => ({ Key }));
      await s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects, Quiet: true } }));
    }
    await putMissing(s3, name, seed, present);
  }, 120_000);
  return { name, s3 };
}

/**
 * Uploads the keys of `seed` not in `present`: on the emulator in one SeedObjects call (2,500 PutObject calls
 * were most of a batch's CPU per learner), elsewhere as PutObject calls, 25 at a time.
 */
async function putMissing(s3: S3Client, bucket: string, seed: Seed, present: ReadonlySet<string>) {
  const missing = seed.keys.filter((key) => !present.has(key));
  if (missing.length === 0) return;
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (onEmulator() && endpoint) {
    const caller = { endpoint, region: await s3.config.region(), credentials: await s3.config.credentials() };
    await seedEmulatorObjects(caller, bucket, missing, seed.body);
    return;
  }
  for (let i = 0; i < missing.length; i += 25) {
    await Promise.all(
      missing
        .slice(i, i + 25)
        .map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: seed.body }))),
    );
  }
}
