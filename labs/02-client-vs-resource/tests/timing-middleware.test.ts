import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { addTimingMiddleware, type CallTiming } from '@lab/timing-middleware.ts';
import { expect } from 'vitest';
import { testS3, useLabBucket } from './support/s3.ts';

const exercise = 5;
const bucket = useLabBucket('middleware');

check(
  "the timing middleware logs each call's operation name and latency",
  {
    points: 6,
    exercise,
    concept: 'middleware stack',
    hint: [
      'client.middlewareStack.add((next, context) => async (args) => { …; const result = await next(args); … }, { step: "initialize", name }).',
      'context.commandName is e.g. "PutObjectCommand": drop the "Command" suffix. Measure with performance.now() around next(args).',
    ],
  },
  async () => {
    const client = testS3();
    const log: CallTiming[] = [];
    addTimingMiddleware(client, (timing) => log.push(timing));
    await client.send(new PutObjectCommand({ Bucket: bucket.name, Key: 't.txt', Body: 'x' }));
    await client.send(new GetObjectCommand({ Bucket: bucket.name, Key: 't.txt' }));
    expect(log.map((t) => t.operation)).toEqual(['PutObject', 'GetObject']);
    for (const timing of log) {
      expect(typeof timing.ms).toBe('number');
      expect(timing.ms).toBeGreaterThan(0);
      expect(timing.ms).toBeLessThan(10_000);
    }
  },
);

check(
  'failed calls are logged with their error and status, and still fail',
  {
    points: 4,
    exercise,
    hint: ['Catch around next(args): log the error name and $metadata.httpStatusCode, then rethrow.'],
  },
  async () => {
    const client = testS3();
    const log: CallTiming[] = [];
    addTimingMiddleware(client, (timing) => log.push(timing));
    await expect(
      client.send(new GetObjectCommand({ Bucket: bucket.name, Key: 'missing.txt' })),
    ).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
    expect(log).toEqual([
      expect.objectContaining({ operation: 'GetObject', error: 'NoSuchKey', httpStatusCode: 404 }),
    ]);
  },
);

check(
  'adding the middleware twice still logs each call once',
  {
    points: 3,
    exercise,
    hint: ['Give the middleware a name and remove it by that name before adding it again.'],
  },
  async () => {
    const client = testS3();
    const log: CallTiming[] = [];
    addTimingMiddleware(client, (timing) => log.push(timing));
    addTimingMiddleware(client, (timing) => log.push(timing));
    await client.send(new PutObjectCommand({ Bucket: bucket.name, Key: 'once.txt', Body: 'x' }));
    expect(log).toHaveLength(1);
  },
);
