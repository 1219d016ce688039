import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3,
  S3Client,
} from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { roundTripAggregated, roundTripBare } from '@lab/clients.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'vitest';
import { mockBody } from './support/mock-body.ts';
import { testS3, useLabBucket } from './support/s3.ts';

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
      const text = await roundTripBare(new S3Client({ region: 'us-east-1' }), 'b', 'k', 'hello');
      expect(text).toBe('mocked body');
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
    const endpoint = process.env.AWS_ENDPOINT_URL;
    const s3 = new S3({
      region: process.env.AWS_REGION ?? 'us-east-1',
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    });
    const body = `aggregated ${Date.now()}`;
    expect(await roundTripAggregated(s3, bucket.name, 'aggregated.txt', body)).toBe(body);
    expect(
      await keysLeft(),
      'objects your code left in the bucket (the suite deletes them after the run)',
    ).toEqual([]);
  },
);
