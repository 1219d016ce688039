import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { labResourceContext, labTagList, ResourceTracker, resourcePrefix } from '@cloudlab/aws-session';
import { afterAll, beforeAll } from 'vitest';
import { addSelectShim, shimActive, useShimIfNeeded } from './select-shim.ts';

export const FIXTURE_DIR = join(import.meta.dirname, '..', '..', 'fixtures');

/**
 * An S3 client for the target the grader set up (AWS_ENDPOINT_URL, AWS_REGION, keys from the environment),
 * built without the code under test. Local endpoints have no per-bucket DNS: path-style URLs. Where the
 * target has no S3 Select, it answers SelectObjectContent through the shim (select-shim.ts) unless
 * `shim: false`.
 */
export function testS3(config: S3ClientConfig = {}, options: { shim?: boolean } = {}): S3Client {
  const endpoint = (config.endpoint as string | undefined) ?? process.env.AWS_ENDPOINT_URL;
  const client = new S3Client({
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...config,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
  if (shimActive && options.shim !== false) addSelectShim(client, testS3({}, { shim: false }));
  return client;
}

/**
 * A fresh bucket for one test file, named cloudlab-<learner>-04-<purpose>-<random> and tagged, deleted with
 * everything in it after the file. With `fixtures`, it holds the four fixtures, uploaded by the test's own
 * code so checks of exercises 2–7 do not depend on exercise 1 (see useSeededBucket).
 */
export function useLabBucket(
  purpose: string,
  options: { fixtures?: boolean } = {},
): { readonly name: string; readonly s3: S3Client } {
  if (options.fixtures) return useSeededBucket(purpose, fixtureBodies);
  const s3 = testS3({}, { shim: false });
  const tracker = new ResourceTracker(labResourceContext('04'), { s3 });
  let name = '';
  beforeAll(async () => {
    name = await tracker.createBucket(purpose);
    await useShimIfNeeded(s3, name, testS3({}, { shim: false }));
  }, 60_000);
  afterAll(async () => {
    const failed = (await tracker.cleanup()).filter((outcome) => !outcome.deleted);
    if (failed.length > 0) {
      throw new Error(
        `could not delete ${failed.map((f) => `${f.id} (${f.error})`).join(', ')} — run \`cloudlab cleanup --lab 04\``,
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

/** What a seeded bucket must hold before the file starts: key → body. */
export type Seed = () => Promise<Record<string, Uint8Array>>;

async function fixtureBodies(): Promise<Record<string, Uint8Array>> {
  const keys = ['trips.csv', 'trips.csv.gz', 'trips.jsonl', 'trips.parquet'];
  return Object.fromEntries(
    await Promise.all(keys.map(async (key) => [key, await readFile(join(FIXTURE_DIR, key))] as const)),
  );
}

/**
 * A bucket holding `seed` for one test file, whose checks only read it. On the embedded emulator (which lives
 * exactly as long as the grader's Vitest instance: one `cloudlab grade`, a whole `watch` session or `dev
 * check`) it is kept under a name fixed for the run, so a re-grade finds the objects in place instead of
 * creating a bucket, uploading them and deleting it all again. It checks rather than trusts: each object
 * whose listed ETag (the MD5 of a single-part upload) differs from the seed's is put again. Anywhere else it
 * is a fresh bucket of useLabBucket, seeded, deleted after the file.
 */
export function useSeededBucket(
  purpose: string,
  seed: Seed,
): { readonly name: string; readonly s3: S3Client } {
  if ((process.env.CLOUDLAB_TARGET ?? 'emulator') !== 'emulator') {
    const bucket = useLabBucket(purpose);
    beforeAll(async () => {
      for (const [Key, Body] of Object.entries(await seed())) {
        await bucket.s3.send(new PutObjectCommand({ Bucket: bucket.name, Key, Body }));
      }
    }, 60_000);
    return bucket;
  }
  const s3 = testS3({}, { shim: false });
  const ctx = labResourceContext('04');
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
    const listed = exists ? ((await s3.send(new ListObjectsV2Command({ Bucket: name }))).Contents ?? []) : [];
    const etags = new Map(listed.map((object) => [object.Key, object.ETag]));
    for (const [Key, Body] of Object.entries(await seed())) {
      const etag = `"${createHash('md5').update(Body).digest('hex')}"`;
      if (etags.get(Key) !== etag) await s3.send(new PutObjectCommand({ Bucket: name, Key, Body }));
    }
    await useShimIfNeeded(s3, name, testS3({}, { shim: false }));
  }, 60_000);
  return { name, s3 };
}

export interface Trip {
  trip_id: number;
  city: string;
  vendor: string;
  distance_km: number;
  fare: number;
  tip: number;
  passengers: number;
  payment: string;
  note: string;
}

/** The fixture's trips, read from trips.jsonl by the test itself. */
export async function fixtureTrips(): Promise<Trip[]> {
  const text = await readFile(join(FIXTURE_DIR, 'trips.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Trip);
}

/** Counts the operations a client sends, by command name, and keeps each one's input. */
export function recordCalls(client: S3Client): Map<string, unknown[]> {
  const calls = new Map<string, unknown[]>();
  client.middlewareStack.add(
    (next, context) => (args) => {
      const name = context.commandName ?? '?';
      calls.set(name, [...(calls.get(name) ?? []), args.input]);
      return next(args);
    },
    { step: 'initialize', name: 'cloudlabRecordCalls' },
  );
  return calls;
}

/** The error a promise rejects with (fails the check when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
