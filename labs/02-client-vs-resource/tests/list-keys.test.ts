import { check } from '@cloudlab/grader';
import { listAllKeys } from '@lab/list-keys.ts';
import { expect } from 'vitest';
import { testS3, useSeededBucket } from './support/s3.ts';
import { settled } from './support/settled.ts';

const exercise = 2;
// Keys with a further slash under the prefix: S3 has no folders, so they are under items/ like the others.
const NESTED = ['items/archive/2019/00001.json', 'items/archive/readme.txt'];
const expected = [
  ...Array.from({ length: 2_500 }, (_, i) => `items/${String(i).padStart(5, '0')}.json`),
  ...NESTED,
].sort();
const COUNT = expected.length;
// 2,502 small objects under items/ (more than two pages of ListObjectsV2) and one outside the prefix.
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
  'listAllKeys returns all 2,502 keys under a prefix, across pages, nested ones included',
  {
    points: 8,
    exercise,
    concept: 'paginators',
    timeoutMs: 15_000,
    hint: [
      'One ListObjectsV2 call returns at most 1,000 keys. Use paginateListObjectsV2({ client }, { Bucket, Prefix }).',
      'The paginator is an async iterable: `for await (const page of pages)` and collect page.Contents[].Key.',
      'No Delimiter: with one, S3 folds keys with a further "/" into CommonPrefixes and leaves them out of Contents.',
    ],
  },
  async () => {
    const { client, calls } = countingClient();
    const keys = await listAllKeys(client, bucket.name, { prefix: 'items/' });
    expect(
      calls.list,
      `ListObjectsV2 calls to list the ${COUNT} keys under items/: one call returns at most 1,000 keys, so it takes 3 — follow NextContinuationToken to the last page`,
    ).toBeGreaterThanOrEqual(3);
    expect(
      keys.filter((key) => !key.slice('items/'.length).includes('/')),
      `keys directly under items/ (${COUNT - NESTED.length} there, on 3 pages, each once): fewer means a page went unread — the last page, the one without NextContinuationToken (IsTruncated false), holds keys too`,
    ).toHaveLength(COUNT - NESTED.length);
    expect(
      keys.filter((key) => key.slice('items/'.length).includes('/')).sort(),
      'keys under items/ with a further "/" in them: S3 has no folders, they are under the prefix like any other (a Delimiter would hide them in CommonPrefixes)',
    ).toEqual(NESTED);
    expect(keys, `keys listed under items/ (${COUNT} there, each once)`).toHaveLength(COUNT);
    expect([...keys].sort()).toEqual(expected);
  },
);

check(
  'listAllKeys honours pageSize and lists the whole bucket without a prefix',
  {
    points: 4,
    exercise,
    timeoutMs: 15_000,
    hint: [
      "Pass pageSize in the paginator configuration (first argument): the paginator sends it as each call's MaxKeys.",
    ],
  },
  async () => {
    const { client, calls } = countingClient();
    const keys = await listAllKeys(client, bucket.name, { pageSize: 500 });
    expect(
      keys,
      `keys listed in the whole bucket (${COUNT + 1} there) with pageSize 500: a listing ends when a page has no NextContinuationToken (IsTruncated false), not when a page is shorter than 1,000`,
    ).toHaveLength(COUNT + 1);
    expect(keys).toContain('other/readme.txt');
    expect(
      calls.list,
      `ListObjectsV2 calls for ${COUNT + 1} keys at 500 a page (each call should ask for 500: pageSize)`,
    ).toBe(Math.ceil((COUNT + 1) / 500));
  },
);

check(
  'listAllKeys answers no keys for a prefix nothing is under',
  {
    points: 2,
    exercise,
    hint: [
      'S3 leaves Contents out of a page that has no keys: the SDK gives you page.Contents undefined, not [].',
      'Loop over `page.Contents ?? []`, not `page.Contents!`.',
    ],
  },
  async () => {
    const keys = await settled(
      listAllKeys(testS3(), bucket.name, { prefix: 'nothing-here/' }),
      'listAllKeys for a prefix with no keys should answer [] (S3 leaves Contents out of an empty page: page.Contents is undefined, not [] — loop over `page.Contents ?? []`)',
    );
    expect(keys, 'keys listed under a prefix nothing is under').toEqual([]);
  },
);
