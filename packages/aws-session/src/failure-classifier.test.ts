import { describe, expect, it } from 'vitest';
import { classifyAwsFailure } from './failure-classifier.ts';

const sdkError = (name: string, status: number, fault: 'client' | 'server' = 'client') =>
  Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status } });

describe('classifyAwsFailure', () => {
  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' }),
    ],
    [
      "fetch's wrapped socket error",
      Object.assign(new TypeError('fetch failed'), {
        cause: { code: 'ECONNRESET', message: 'socket hang up' },
      }),
    ],
    [
      'missing credentials',
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    ],
    ['an expired session', sdkError('ExpiredTokenException', 400)],
    ['throttling', sdkError('ThrottlingException', 400)],
    ['S3 slow down', sdkError('SlowDown', 503, 'server')],
    ['a server fault', sdkError('InternalError', 500, 'server')],
    [
      'an SDK timeout',
      Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }),
    ],
    ['a missing permission', sdkError('AccessDeniedException', 400)],
    [
      'a promise the check expected to resolve, rejected by a refused connection',
      Object.assign(new Error('promise rejected "Error: connect ECONNREFUSED" instead of resolving'), {
        name: 'AssertionError',
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' }),
      }),
    ],
  ])('calls %s an environment failure', (_, error) => {
    const result = classifyAwsFailure(error);
    expect(result?.classification).toBe('environment');
    expect(result?.advice).toBeTruthy();
  });

  it.each([
    ['an assertion', Object.assign(new Error('expected 1 to be 2'), { name: 'AssertionError' })],
    [
      'an assertion that quotes a socket error code it expected',
      Object.assign(new Error("expected 'TODO(6): …' to match /ECONNREFUSED/"), { name: 'AssertionError' }),
    ],
    ['a service error the student caused', sdkError('ParameterNotFound', 400)],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'Account')")],
    ['a thrown string', 'oops'],
  ])('leaves %s to the grader (a wrong answer)', (_, error) => {
    expect(classifyAwsFailure(error)).toBeUndefined();
  });
});
