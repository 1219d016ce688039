import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { describeError, readTextOrUndefined } from '@lab/errors.ts';
import { expect } from 'vitest';
import { testS3, useLabBucket } from './support/s3.ts';
import { settled } from './support/settled.ts';

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
    expect(
      await settled(
        readTextOrUndefined(testS3(), bucket.name, 'absent.txt'),
        'readTextOrUndefined of a key that does not exist should answer undefined (catch NoSuchKey around an awaited send: a promise returned from inside try without `await` rejects after the try is left, and the catch never sees it)',
      ),
      "readTextOrUndefined of a missing key: undefined, not '' — an empty object's text is '', and a missing key must read differently",
    ).toBeUndefined();
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
  'describeError reports the AWS error code, HTTP status and request id of a service error',
  {
    points: 5,
    exercise,
    concept: '$metadata',
    hint: [
      'The SDK puts the AWS error code in error.name and the HTTP details in error.$metadata (httpStatusCode, requestId).',
      'A HEAD request has no error body: its error has no Code or RequestId field, only name and $metadata.',
    ],
  },
  async () => {
    const thrown = await testS3()
      .send(new GetObjectCommand({ Bucket: `${bucket.name}-missing`, Key: 'k' }))
      .catch((error: unknown) => error);
    const metadata = (thrown as S3ServiceException).$metadata;
    expect(metadata?.requestId, 'the request id the endpoint sent with the error').toBeTruthy();
    expect(
      describeError(thrown),
      "describeError of a NoSuchBucket error: name from error.name, httpStatusCode and requestId from error.$metadata (requestId, the x-amz-request-id every service sends — not extendedRequestId, S3's x-amz-id-2)",
    ).toEqual({ name: 'NoSuchBucket', httpStatusCode: 404, requestId: metadata.requestId });
    const head = await testS3()
      .send(new HeadObjectCommand({ Bucket: bucket.name, Key: 'absent.txt' }))
      .catch((error: unknown) => error as S3ServiceException);
    expect(
      describeError(head),
      'describeError of a HeadObject error (a HEAD response has no body, so there is no Code or RequestId field: the SDK names it NotFound from the status, and $metadata still has both)',
    ).toEqual({ name: 'NotFound', httpStatusCode: 404, requestId: head.$metadata?.requestId });
  },
);

/** Every SDK client's service errors extend one base class, ServiceException (S3ServiceException's parent). */
const ServiceException = Object.getPrototypeOf(S3ServiceException) as typeof S3ServiceException;

check(
  "describeError works for any thrown value: another service's error, a plain Error, a string, undefined",
  {
    points: 4,
    exercise,
    hint: [
      'Not every thrown value is an S3 error, or even an Error: JavaScript can throw a string or undefined.',
      'Read name with `error instanceof Error ? error.name : typeof error`, and $metadata with optional chaining on the value itself — any SDK service error has it, whatever its client.',
    ],
  },
  () => {
    const throttled = new ServiceException({
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, requestId: 'a1b2c3' },
      message: 'Rate exceeded',
    });
    expect(
      describeError(throttled),
      "describeError of another client's service error (every SDK service error carries $metadata, not only S3ServiceException; the AWS code is its name, whatever its class — the SDK has a class only for the codes it models)",
    ).toEqual({ name: 'ThrottlingException', httpStatusCode: 400, requestId: 'a1b2c3' });
    expect(
      describeError(new TypeError('boom')),
      'describeError of a plain TypeError (no $metadata: it never got an HTTP response, so it has no httpStatusCode — leave it out rather than invent one)',
    ).toEqual({
      name: 'TypeError',
    });
    for (const value of ['boom', undefined, null, 42]) {
      const described = describeError(value);
      expect(typeof described.name, `the name describeError gives a thrown ${String(value)}`).toBe('string');
      expect(described.name, `the name describeError gives a thrown ${String(value)}`).not.toBe('');
      expect(described.httpStatusCode, `describeError(${String(value)}).httpStatusCode`).toBeUndefined();
    }
  },
);
