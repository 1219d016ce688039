import { PutObjectCommand } from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { describeError, readTextOrUndefined } from '@lab/errors.ts';
import { expect } from 'vitest';
import { testS3, useLabBucket } from './support/s3.ts';

const exercise = 4;
const bucket = useLabBucket('errors');

check(
  'readTextOrUndefined reads an object, and answers undefined for a missing key',
  {
    points: 5,
    exercise,
    concept: 'errors by class',
    hint: [
      'Wrap GetObjectCommand in try/catch; `error instanceof NoSuchKey` (imported from @aws-sdk/client-s3) means "no such key".',
    ],
  },
  async () => {
    await bucket.s3.send(new PutObjectCommand({ Bucket: bucket.name, Key: 'present.txt', Body: 'present' }));
    expect(await readTextOrUndefined(testS3(), bucket.name, 'present.txt')).toBe('present');
    expect(await readTextOrUndefined(testS3(), bucket.name, 'absent.txt')).toBeUndefined();
  },
);

check(
  'readTextOrUndefined lets other errors through, such as a missing bucket',
  {
    points: 4,
    exercise,
    hint: ['Only swallow NoSuchKey; rethrow anything else so the caller sees NoSuchBucket or AccessDenied.'],
  },
  async () => {
    await expect(readTextOrUndefined(testS3(), `${bucket.name}-missing`, 'k')).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
  },
);

check(
  'describeError reports the AWS error code and HTTP status of a service error',
  {
    points: 5,
    exercise,
    concept: '$metadata',
    hint: [
      'The SDK puts the AWS error code in error.name and the HTTP details in error.$metadata (httpStatusCode, requestId).',
      'Not every thrown value is an SDK error — describeError must work for a plain Error too.',
    ],
  },
  async () => {
    const thrown = await readTextOrUndefined(testS3(), `${bucket.name}-missing`, 'k').catch(
      (error: unknown) => error,
    );
    expect(describeError(thrown)).toMatchObject({ name: 'NoSuchBucket', httpStatusCode: 404 });
    const plain = describeError(new TypeError('boom'));
    expect(plain.name).toBe('TypeError');
    expect(plain.httpStatusCode).toBeUndefined();
  },
);
