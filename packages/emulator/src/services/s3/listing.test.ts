import {
  CreateBucketCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3TestEmulator, sdkError, startS3TestEmulator } from './test-support/s3-emulator.ts';

let t: S3TestEmulator;
let Bucket: string;
let Small: string;
const KEY_COUNT = 2500;
const bigKeys = Array.from({ length: KEY_COUNT }, (_, i) => `data/part-${String(i).padStart(5, '0')}.csv`);
const smallKeys = [
  'a.txt',
  'docs/a.md',
  'docs/b.md',
  'docs/deep/c.md',
  'logs/2026/01.log',
  'logs/2026/02.log',
  'z z.txt',
];

async function putAll(bucket: string, keys: string[], concurrency = 16) {
  for (let i = 0; i < keys.length; i += concurrency) {
    await Promise.all(
      keys
        .slice(i, i + concurrency)
        .map((Key) => t.s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))),
    );
  }
}

beforeAll(async () => {
  t = await startS3TestEmulator();
  Bucket = t.bucketName('big');
  Small = t.bucketName('small');
  await t.s3.send(new CreateBucketCommand({ Bucket }));
  await t.s3.send(new CreateBucketCommand({ Bucket: Small }));
  await putAll(Bucket, bigKeys);
  await putAll(Small, smallKeys);
}, 120_000);
afterAll(() => t.stop());

describe('S3 listings', () => {
  it(`pages ListObjectsV2 over ${KEY_COUNT} keys, 1,000 at a time, in key order`, async () => {
    const pages: number[] = [];
    const seen: string[] = [];
    for await (const page of paginateListObjectsV2({ client: t.s3 }, { Bucket })) {
      pages.push(page.KeyCount ?? 0);
      seen.push(...(page.Contents ?? []).map((object) => object.Key!));
    }
    expect(pages).toEqual([1000, 1000, 500]);
    expect(seen).toEqual(bigKeys);
    // Three 1,000-key documents to write and parse: 4–5 s of a loaded shared machine, over the 5 s default.
  }, 60_000);

  it('honours MaxKeys, IsTruncated and NextContinuationToken', async () => {
    const first = await t.s3.send(new ListObjectsV2Command({ Bucket, MaxKeys: 7 }));
    expect(first).toMatchObject({ KeyCount: 7, IsTruncated: true, MaxKeys: 7 });
    const second = await t.s3.send(
      new ListObjectsV2Command({ Bucket, MaxKeys: 7, ContinuationToken: first.NextContinuationToken }),
    );
    expect(second.Contents?.[0]?.Key).toBe(bigKeys[7]);
    expect(second.ContinuationToken).toBe(first.NextContinuationToken);
  });

  it('starts after StartAfter and filters by Prefix', async () => {
    const out = await t.s3.send(
      new ListObjectsV2Command({ Bucket, Prefix: 'data/part-024', StartAfter: 'data/part-02490.csv' }),
    );
    expect(out.Contents?.map((o) => o.Key)).toEqual(bigKeys.slice(2491, 2500));
    expect(out.IsTruncated).toBe(false);
  });

  it('rolls keys up into CommonPrefixes with a Delimiter, counting each prefix once', async () => {
    const top = await t.s3.send(new ListObjectsV2Command({ Bucket: Small, Delimiter: '/' }));
    expect(top.Contents?.map((o) => o.Key)).toEqual(['a.txt', 'z z.txt']);
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['docs/', 'logs/']);
    expect(top.KeyCount).toBe(4);
    const docs = await t.s3.send(
      new ListObjectsV2Command({ Bucket: Small, Delimiter: '/', Prefix: 'docs/' }),
    );
    expect(docs.Contents?.map((o) => o.Key)).toEqual(['docs/a.md', 'docs/b.md']);
    expect(docs.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['docs/deep/']);
  });

  it('pages through common prefixes without repeating one', async () => {
    const seen: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await t.s3.send(
        new ListObjectsV2Command({ Bucket: Small, Delimiter: '/', MaxKeys: 1, ContinuationToken }),
      );
      seen.push(
        ...(page.Contents ?? []).map((o) => o.Key!),
        ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!),
      );
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(seen).toEqual(['a.txt', 'docs/', 'logs/', 'z z.txt']);
  });

  it('URL-encodes keys with EncodingType=url', async () => {
    const out = await t.s3.send(
      new ListObjectsV2Command({ Bucket: Small, Prefix: 'z', EncodingType: 'url' }),
    );
    expect(out.EncodingType).toBe('url');
    expect(out.Contents?.map((o) => o.Key)).toEqual(['z+z.txt']);
  });

  it('includes Owner only with FetchOwner', async () => {
    const without = await t.s3.send(new ListObjectsV2Command({ Bucket: Small, MaxKeys: 1 }));
    expect(without.Contents?.[0]?.Owner).toBeUndefined();
    const withOwner = await t.s3.send(
      new ListObjectsV2Command({ Bucket: Small, MaxKeys: 1, FetchOwner: true }),
    );
    expect(withOwner.Contents?.[0]?.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect(withOwner.Contents?.[0]).toMatchObject({ Size: 5, StorageClass: 'STANDARD' });
  });

  it('refuses a forged continuation token and a negative MaxKeys with InvalidArgument', async () => {
    const token = await sdkError(() =>
      t.s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken: '!!' })),
    );
    expect(token).toMatchObject({ name: 'InvalidArgument', status: 400 });
    const max = await sdkError(() => t.s3.send(new ListObjectsV2Command({ Bucket, MaxKeys: -1 })));
    expect(max).toMatchObject({ name: 'InvalidArgument', status: 400 });
  });

  it('serves ListObjects (v1) with Marker, and NextMarker when a Delimiter is given', async () => {
    const first = await t.s3.send(new ListObjectsCommand({ Bucket, MaxKeys: 2 }));
    expect(first.Contents?.map((o) => o.Key)).toEqual(bigKeys.slice(0, 2));
    expect(first.IsTruncated).toBe(true);
    expect(first.NextMarker).toBeUndefined();
    const next = await t.s3.send(new ListObjectsCommand({ Bucket, MaxKeys: 2, Marker: bigKeys[1] }));
    expect(next.Contents?.map((o) => o.Key)).toEqual(bigKeys.slice(2, 4));
    const delimited = await t.s3.send(new ListObjectsCommand({ Bucket: Small, Delimiter: '/', MaxKeys: 2 }));
    expect(delimited).toMatchObject({ IsTruncated: true, NextMarker: 'docs/' });
    expect(delimited.Contents?.[0]?.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
  });
});
