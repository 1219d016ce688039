import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { Bucket, S3Object } from '@lab/resource.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'vitest';
import { mockBody } from './support/mock-body.ts';
import { testS3, useLabBucket } from './support/s3.ts';
import { settled } from './support/settled.ts';

const exercise = 6;
const bucket = useLabBucket('resource');

check(
  'S3Object.put, get and delete send the matching commands for their bucket and key',
  {
    points: 6,
    exercise,
    concept: 'resource layer',
    hint: [
      'Each method is one this.client.send(new …Command({ Bucket: this.bucketName, Key: this.key, … })).',
      'put passes ContentType only when given; get returns the body as text.',
    ],
  },
  async () => {
    const mock = mockClient(S3Client);
    try {
      mock.on(GetObjectCommand).resolves({ Body: mockBody('from mock') });
      // S3 takes a moment to answer: a method that does not await its send returns before the answer.
      const answered = new Set<string>();
      for (const [command, name] of [
        [PutObjectCommand, 'put'],
        [DeleteObjectCommand, 'delete'],
      ] as const) {
        mock.on(command).callsFake(async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          answered.add(name);
          return {};
        });
      }
      const object = new S3Object(new S3Client({ region: 'us-east-1' }), 'photos', 'cat.json');
      expect(await object.put('{"a":1}', { contentType: 'application/json' })).toBe(object);
      expect(answered.has('put'), 'put() resolved before S3 answered PutObject: await the send').toBe(true);
      expect(
        await object.get(),
        "get() of an object whose body is 'from mock': the Body is a stream, not text — read it with `await answer.Body?.transformToString()` (toString() gives '[object Object]')",
      ).toBe('from mock');
      await object.delete();
      expect(
        answered.has('delete'),
        'delete() resolved before S3 answered DeleteObject: await the send',
      ).toBe(true);
      expect(mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
        Bucket: 'photos',
        Key: 'cat.json',
        Body: '{"a":1}',
        ContentType: 'application/json',
      });
      expect(mock.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
        Bucket: 'photos',
        Key: 'cat.json',
      });
      expect(mock.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({
        Bucket: 'photos',
        Key: 'cat.json',
      });
    } finally {
      mock.restore();
    }
  },
);

check(
  'bucket.objects() follows continuation tokens page by page',
  {
    points: 6,
    exercise,
    concept: 'async iterators',
    hint: [
      'Make objects an async generator (async *objects()) and yield one S3Object per key of each page.',
      "paginateListObjectsV2 passes each page's NextContinuationToken as the next call's ContinuationToken.",
    ],
  },
  async () => {
    const mock = mockClient(S3Client);
    try {
      mock
        .on(ListObjectsV2Command)
        .resolvesOnce({
          Contents: [{ Key: 'a/1' }, { Key: 'a/2' }],
          IsTruncated: true,
          NextContinuationToken: 'page-2',
        })
        .resolvesOnce({ Contents: [{ Key: 'a/3' }], IsTruncated: false });
      const keys: string[] = [];
      for await (const object of new Bucket(new S3Client({ region: 'us-east-1' }), 'photos').objects({
        prefix: 'a/',
      })) {
        expect(object).toBeInstanceOf(S3Object);
        keys.push(object.key);
      }
      expect(keys).toEqual(['a/1', 'a/2', 'a/3']);
      const inputs = mock.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input);
      expect(inputs[0]).toMatchObject({ Bucket: 'photos', Prefix: 'a/' });
      expect(inputs[1]).toMatchObject({ Bucket: 'photos', Prefix: 'a/', ContinuationToken: 'page-2' });
    } finally {
      mock.restore();
    }
  },
);

check(
  'bucket.objects() asks for the next page only when the loop has used the one before',
  {
    points: 4,
    exercise,
    hint: [
      'Yield inside the page loop: `for await (const page of pages) for (const item of page.Contents ?? []) yield …`.',
      'Collecting every key first and yielding afterwards lists the whole bucket before the first object — and a loop that breaks early still pays for every page.',
    ],
  },
  async () => {
    const mock = mockClient(S3Client);
    try {
      mock
        .on(ListObjectsV2Command)
        .resolvesOnce({
          Contents: [{ Key: 'a/1' }, { Key: 'a/2' }],
          IsTruncated: true,
          NextContinuationToken: 'p2',
        })
        .resolvesOnce({ Contents: [{ Key: 'a/3' }], IsTruncated: true, NextContinuationToken: 'p3' })
        .resolvesOnce({ Contents: [{ Key: 'a/4' }], IsTruncated: false });
      const objects = new Bucket(new S3Client({ region: 'us-east-1' }), 'photos').objects({ prefix: 'a/' });
      const first = await objects.next();
      expect(first.value?.key, 'the first object bucket.objects() yields').toBe('a/1');
      expect(
        mock.commandCalls(ListObjectsV2Command),
        'ListObjectsV2 calls made before the first object was yielded: one page is enough to start (the chapter: "an async generator that yields one S3Object per key, page by page")',
      ).toHaveLength(1);
      await objects.return(undefined);
      expect(
        mock.commandCalls(ListObjectsV2Command),
        'ListObjectsV2 calls after the loop stopped at the first object',
      ).toHaveLength(1);
    } finally {
      mock.restore();
    }
  },
);

check(
  'the resource layer works end to end against the endpoint',
  {
    points: 6,
    exercise,
    hint: ['bucket.object(key) returns an S3Object for this bucket; delete() must really remove it.'],
  },
  async () => {
    const photos = new Bucket(testS3(), bucket.name);
    await photos.object('cats/tom.txt').put('Tom');
    await photos.object('cats/felix.txt').put('Felix');
    await photos.object('dogs/rex.txt').put('Rex');
    const cats: string[] = [];
    for await (const cat of photos.objects({ prefix: 'cats/' })) cats.push(`${cat.key}=${await cat.get()}`);
    expect(cats.sort()).toEqual(['cats/felix.txt=Felix', 'cats/tom.txt=Tom']);
    await photos.object('dogs/rex.txt').delete();
    const left: string[] = [];
    for await (const object of photos.objects()) left.push(object.key);
    expect(left.sort()).toEqual(['cats/felix.txt', 'cats/tom.txt']);
    const birds = await settled(
      (async () => {
        const keys: string[] = [];
        for await (const bird of photos.objects({ prefix: 'birds/' })) keys.push(bird.key);
        return keys;
      })(),
      'bucket.objects({ prefix }) for a prefix nothing is under should yield nothing (S3 leaves Contents out of an empty page: page.Contents is undefined, not [] — loop over `page.Contents ?? []`)',
    );
    expect(birds, 'objects under birds/, where there are none').toEqual([]);
  },
);
