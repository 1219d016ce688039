import { PutObjectCommand } from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { waitForObject } from '@lab/wait-for-object.ts';
import { expect } from 'vitest';
import { testS3, useLabBucket } from './support/s3.ts';

const exercise = 3;
const bucket = useLabBucket('waiter');

check(
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
    const later = setTimeout(() => {
      void bucket.s3.send(new PutObjectCommand({ Bucket: bucket.name, Key: key, Body: 'here now' }));
    }, 1_200);
    try {
      const result = await waitForObject(testS3(), bucket.name, key, 10);
      expect(result.found).toBe(true);
      expect(result.waitedMs).toBeGreaterThanOrEqual(1_000);
      expect(result.waitedMs).toBeLessThan(10_000);
    } finally {
      clearTimeout(later);
    }
  },
);

check(
  'waitForObject gives up after maxWaitSeconds with found: false instead of throwing',
  {
    points: 5,
    exercise,
    timeoutMs: 20_000,
    hint: [
      'When the waiter runs out of time it throws an error named TimeoutError: catch that one and return { found: false }.',
    ],
  },
  async () => {
    const result = await waitForObject(testS3(), bucket.name, 'never-written.txt', 3);
    expect(result.found).toBe(false);
    expect(result.waitedMs).toBeGreaterThanOrEqual(2_000);
    expect(result.waitedMs).toBeLessThan(8_000);
  },
);
