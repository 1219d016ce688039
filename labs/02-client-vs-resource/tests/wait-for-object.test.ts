import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { waitForObject } from '@lab/wait-for-object.ts';
import { expect } from 'vitest';
import { testS3, useLabBucket } from './support/s3.ts';
import { settled } from './support/settled.ts';

const exercise = 3;
// Both checks mostly wait on the waiter's 1 s delay, on separate keys: check.concurrent lets the waits overlap.
const bucket = useLabBucket('waiter');

/**
 * A client whose first HeadObject of `key` that misses puts the object before the miss reaches the caller:
 * the object appears exactly between the waiter's first poll and its next one, so the check never sleeps on
 * a guessed timer (and cannot race one on a loaded machine).
 */
function clientThatPutsAfterFirstMiss(key: string): { client: S3Client; heads: () => number } {
  const client = testS3();
  let heads = 0;
  let put: Promise<unknown> | undefined;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== HeadObjectCommand.name) return next(args);
      heads += 1;
      try {
        return await next(args);
      } catch (error) {
        put ??= bucket.s3.send(new PutObjectCommand({ Bucket: bucket.name, Key: key, Body: 'here now' }));
        await put;
        throw error;
      }
    },
    { step: 'initialize' },
  );
  return { client, heads: () => heads };
}

check.concurrent(
  'waitForObject returns found once an object that appears later exists',
  {
    points: 6,
    exercise,
    concept: 'waiters',
    timeoutMs: 20_000,
    hint: [
      'waitUntilObjectExists({ client, maxWaitTime, minDelay, maxDelay }, { Bucket, Key }) polls HeadObject for you.',
      'Its default minDelay for S3 is 5 seconds: pass minDelay: 1 so a short wait stays short.',
    ],
  },
  async () => {
    const key = `late-${Date.now()}.txt`;
    const { client, heads } = clientThatPutsAfterFirstMiss(key);
    const result = await settled(
      waitForObject(client, bucket.name, key, 10),
      'waitForObject should answer { found: true } for an object that appears 1 s into a 10 s wait',
    );
    // The object appears only once a HeadObject through this client has missed, so it takes two polls.
    expect(heads(), 'HeadObject calls through the client waitForObject was given').toBeGreaterThanOrEqual(2);
    expect(result.found).toBe(true);
    expect(
      result.waitedMs,
      "ms waited for an object that appeared right after the first poll: the second poll should come after minDelay — pass minDelay: 1 (S3's default is 5 s)",
    ).toBeLessThan(4_000);
  },
);

check.concurrent(
  'waitForObject gives up after maxWaitSeconds with found: false instead of throwing',
  {
    points: 5,
    exercise,
    // The waiter gives up after ~1 s; a maxWaitTime in milliseconds would wait 25 minutes: stop long before.
    timeoutMs: 8_000,
    hint: [
      'When the waiter runs out of time it throws an error named TimeoutError: catch that one and return { found: false }.',
      'maxWaitTime is in seconds, like minDelay and maxDelay.',
    ],
  },
  async () => {
    // 1.5 s: the waiter polls at once and after minDelay (1 s), then gives up rather than sleep past the limit.
    const result = await settled(
      waitForObject(testS3(), bucket.name, 'never-written.txt', 1.5),
      'waitForObject should answer { found: false } when the time runs out (the waiter throws an error named TimeoutError: catch that one)',
    );
    expect(
      result.found,
      'found for an object that was never written: only a waiter that succeeded means found — waitUntilObjectExists throws a TimeoutError when the time runs out, while waitForObjectExists returns { state: "TIMEOUT" } instead of throwing',
    ).toBe(false);
    expect(
      result.waitedMs,
      'ms before giving up (waitedMs is milliseconds, Date.now() − started, though the waiter counts in seconds): the waiter polls at once, sleeps minDelay (1 s), polls again, then stops rather than sleep past maxWaitTime',
    ).toBeGreaterThanOrEqual(900);
    expect(
      result.waitedMs,
      'ms waited before giving up with a 1.5 s limit (maxWaitTime is in seconds)',
    ).toBeLessThan(5_000);
  },
);

check(
  "waitForObject lets errors other than the waiter's TimeoutError through",
  {
    points: 3,
    exercise,
    hint: [
      'Only a TimeoutError means "not there yet". Check `error.name === "TimeoutError"` and rethrow everything else.',
      'maxWaitTime 0 is refused by the waiter before any poll (WaiterConfiguration.maxWaitTime must be greater than 0): that is a bug to report, not a missing object.',
    ],
  },
  async () => {
    await expect(
      waitForObject(testS3(), bucket.name, 'never-written.txt', 0),
      'waitForObject with maxWaitSeconds 0, which the waiter refuses as a configuration error',
    ).rejects.toThrow(/maxWaitTime/);
  },
);
