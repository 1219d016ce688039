import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { roundTripAggregated, roundTripBare } from '@lab/clients.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'vitest';
import { mockBody } from './support/mock-body.ts';
import { testS3, testS3Aggregated, useLabBucket } from './support/s3.ts';
import { slowingDown } from './support/slow-down.ts';

const exercise = 1;
const bucket = useLabBucket('clients');

async function keysLeft(): Promise<string[]> {
  const answer = await bucket.s3.send(new ListObjectsV2Command({ Bucket: bucket.name }));
  return (answer.Contents ?? []).map((o) => o.Key ?? '');
}

check(
  'roundTripBare sends PutObject, GetObject and DeleteObject commands with the bucket and key',
  {
    points: 5,
    exercise,
    concept: 'bare-bones client',
    hint: [
      'Import PutObjectCommand, GetObjectCommand and DeleteObjectCommand and send each with client.send(new …Command({ Bucket, Key })).',
      'Read the body with `await answer.Body?.transformToString()`.',
    ],
  },
  async () => {
    const mock = mockClient(S3Client);
    try {
      mock.on(GetObjectCommand).resolves({ Body: mockBody('mocked body') });
      let deleted = false;
      mock.on(DeleteObjectCommand).callsFake(async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        deleted = true;
        return {};
      });
      const text = await roundTripBare(new S3Client({ region: 'us-east-1' }), 'b', 'k', 'hello');
      expect(text).toBe('mocked body');
      expect(
        deleted,
        'roundTripBare returned before S3 answered its DeleteObject: `await` the delete, or the object may still be there (and a failed delete goes unnoticed)',
      ).toBe(true);
      expect(mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
        Bucket: 'b',
        Key: 'k',
        Body: 'hello',
      });
      expect(mock.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({ Bucket: 'b', Key: 'k' });
      expect(mock.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({ Bucket: 'b', Key: 'k' });
    } finally {
      mock.restore();
    }
  },
);

check(
  'roundTripBare returns what it stored and leaves nothing behind',
  {
    points: 5,
    exercise,
    hint: ['Delete the object after reading it — in a finally block, so it goes even when the read fails.'],
  },
  async () => {
    const body = `bare ${Date.now()}`;
    expect(await roundTripBare(testS3(), bucket.name, 'bare.txt', body)).toBe(body);
    expect(
      await keysLeft(),
      'objects your code left in the bucket (the suite deletes them after the run)',
    ).toEqual([]);
  },
);

check(
  "roundTripAggregated does the same through the aggregated S3 client's methods",
  {
    points: 5,
    exercise,
    concept: 'aggregated client',
    hint: [
      'The aggregated client has one method per operation: s3.putObject({ … }), s3.getObject({ … }), s3.deleteObject({ … }).',
    ],
  },
  async () => {
    const s3 = testS3Aggregated();
    const body = `aggregated ${Date.now()}`;
    expect(await roundTripAggregated(s3, bucket.name, 'aggregated.txt', body)).toBe(body);
    expect(
      await keysLeft(),
      'objects your code left in the bucket (the suite deletes them after the run)',
    ).toEqual([]);
  },
);

check(
  'both round trips delete the object even when the read fails, and let the error through',
  {
    points: 5,
    exercise,
    concept: 'finally',
    hint: [
      'Put the object, then `try { get and read } finally { delete }`: the finally block runs whether the read returned or threw.',
      'Do not catch the error to return something else: the caller must see that the read failed.',
    ],
  },
  async () => {
    // S3 answers the GetObject with 503 SlowDown (every second request; SDK retries off to let it through).
    const bare = await slowingDown((config) => testS3({ ...config, maxAttempts: 1 }));
    await expect(
      roundTripBare(bare, bucket.name, 'bare-failed-read.txt', 'x'),
      'roundTripBare when S3 answers its GetObject with 503 SlowDown',
    ).rejects.toMatchObject({ name: 'SlowDown' });
    expect(
      await keysLeft(),
      'objects left behind after a failed read: the chapter says "delete in a `finally`", which runs also when the read throws',
    ).toEqual([]);
    const aggregated = await slowingDown((config) => testS3Aggregated({ ...config, maxAttempts: 1 }));
    await expect(
      roundTripAggregated(aggregated, bucket.name, 'aggregated-failed-read.txt', 'x'),
      'roundTripAggregated when S3 answers its getObject with 503 SlowDown',
    ).rejects.toMatchObject({ name: 'SlowDown' });
    expect(
      await keysLeft(),
      'objects left behind after a failed read: the chapter says "delete in a `finally`", which runs also when the read throws',
    ).toEqual([]);
  },
);
