import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { labResourceContext, ResourceTracker } from '@cloudlab/aws-session';
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
 * everything in it after the file. With `fixtures`, the four fixtures are uploaded by the test's own code, so
 * checks of exercises 2–7 do not depend on exercise 1.
 */
export function useLabBucket(
  purpose: string,
  options: { fixtures?: boolean } = {},
): { readonly name: string; readonly s3: S3Client } {
  const s3 = testS3({}, { shim: false });
  const tracker = new ResourceTracker(labResourceContext('04'), { s3 });
  let name = '';
  beforeAll(async () => {
    name = await tracker.createBucket(purpose);
    if (options.fixtures) {
      for (const key of ['trips.csv', 'trips.csv.gz', 'trips.jsonl', 'trips.parquet']) {
        await s3.send(
          new PutObjectCommand({ Bucket: name, Key: key, Body: await readFile(join(FIXTURE_DIR, key)) }),
        );
      }
    }
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

/** The error a promise rejects with; fails the check when it resolves, with `why` it should have failed. */
export async function rejection(
  promise: Promise<unknown>,
  why?: string,
): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error(`expected the call to fail, but it succeeded${why ? `: ${why}` : ''}`);
}
