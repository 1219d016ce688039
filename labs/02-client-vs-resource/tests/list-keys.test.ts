import { check } from '@cloudlab/grader';
import { listAllKeys } from '@lab/list-keys.ts';
import { expect } from 'vitest';
import { testS3, useSeededBucket } from './support/s3.ts';

const exercise = 2;
const COUNT = 2_500;
const expected = Array.from({ length: COUNT }, (_, i) => `items/${String(i).padStart(5, '0')}.json`);
// 2,500 small objects under items/ (more than two pages of ListObjectsV2) and one outside the prefix.
// Seeded once per emulator lifetime: a warm re-grade (watch, dev check) does not upload them again.
const bucket = useSeededBucket('paginate', { keys: [...expected, 'other/readme.txt'], body: '{}' });

/** A client that counts its ListObjectsV2 calls, to see pagination happen. */
function countingClient() {
  const client = testS3();
  const calls = { list: 0 };
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName === 'ListObjectsV2Command') calls.list += 1;
      return next(args);
    },
    { step: 'initialize' },
  );
  return { client, calls };
}

check(
  'listAllKeys returns all 2,500 keys under a prefix, across pages',
  {
    points: 8,
    exercise,
    concept: 'paginators',
    timeoutMs: 30_000,
    hint: [
      'One ListObjectsV2 call returns at most 1,000 keys. Use paginateListObjectsV2({ client }, { Bucket, Prefix }).',
      'The paginator is an async iterable: `for await (const page of pages)` and collect page.Contents[].Key.',
    ],
  },
  async () => {
    const { client, calls } = countingClient();
    const keys = await listAllKeys(client, bucket.name, { prefix: 'items/' });
    expect(keys).toHaveLength(COUNT);
    expect([...keys].sort()).toEqual(expected);
    expect(calls.list).toBeGreaterThanOrEqual(3);
  },
);

check(
  'listAllKeys honours pageSize and lists the whole bucket without a prefix',
  {
    points: 4,
    exercise,
    timeoutMs: 30_000,
    hint: ['Pass pageSize in the paginator configuration (first argument), not as MaxKeys in the input.'],
  },
  async () => {
    const { client, calls } = countingClient();
    const keys = await listAllKeys(client, bucket.name, { pageSize: 500 });
    expect(keys).toHaveLength(COUNT + 1);
    expect(keys).toContain('other/readme.txt');
    expect(calls.list).toBe(Math.ceil((COUNT + 1) / 500));
  },
);
