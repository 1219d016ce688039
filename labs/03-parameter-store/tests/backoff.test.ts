import { GetParameterCommand, SSMServiceException } from '@aws-sdk/client-ssm';
import { check } from '@cloudlab/grader';
import { isThrottling, withBackoff } from '@lab/backoff.ts';
import { expect } from 'vitest';
import { throttledSsm } from './support/rigged-ssm.ts';
import { rejection, seed, useStage } from './support/ssm.ts';

const exercise = 7;
const stage = useStage('backoff');

/** An SDK error as a service answers it: name, fault, metadata (and `$retryable` when its model marks it). */
const awsError = (name: string, message: string, extra: object = {}) =>
  Object.assign(
    new SSMServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message }),
    extra,
  );
const throttling = () => awsError('ThrottlingException', 'Rate exceeded');

/** An operation that fails `failures` times with `error`, then answers "ok"; counts its attempts. */
function flaky(failures: number, error: () => Error) {
  const state = { attempts: 0 };
  const operation = async () => {
    state.attempts += 1;
    if (state.attempts <= failures) throw error();
    return 'ok';
  };
  return { state, operation };
}

/** A sleep that records the delays instead of waiting. */
function recorder() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

check(
  'isThrottling recognises ThrottlingException, Throttling and SlowDown by name, and nothing else',
  {
    points: 2,
    exercise,
    concept: 'throttling',
    hint: [
      'In the SDK for JavaScript v3 the AWS error code is error.name: compare it with ThrottlingException (SSM and other JSON services), Throttling (query services) and SlowDown (S3).',
      'Codes are for programs, messages for people: S3 says "Please reduce your request rate.", and ParameterLimitExceeded says "exceeded" without being throttling.',
    ],
  },
  () => {
    const named: [string, string][] = [
      ['ThrottlingException', 'Rate exceeded'],
      ['Throttling', 'Rate exceeded'],
      ['SlowDown', 'Please reduce your request rate.'],
    ];
    for (const [name, message] of named) {
      expect(
        isThrottling(awsError(name, message)),
        `${name} is a throttling error (the chapter names it)`,
      ).toBe(true);
    }
    const notThrottling: [Error, string][] = [
      [awsError('ParameterNotFound', 'Parameter /x not found.'), 'ParameterNotFound'],
      [
        awsError(
          'ParameterLimitExceeded',
          'You have exceeded the number of parameters for this AWS account. Delete unused parameters and try again.',
        ),
        'ParameterLimitExceeded (a quota that waiting does not lift, although its message says "exceeded")',
      ],
    ];
    for (const [error, why] of notThrottling) {
      expect(isThrottling(error), `${why} is not throttling`).toBe(false);
    }
    expect(isThrottling('ThrottlingException'), 'a string is not an error').toBe(false);
    for (const thrown of [undefined, null]) {
      expect(
        isThrottling(thrown),
        `${thrown} is not throttling (\`throw ${thrown}\` is legal JavaScript): check that the value is an Error before reading its fields`,
      ).toBe(false);
    }
  },
);

check(
  'isThrottling honours the SDK’s $retryable.throttling mark, whatever the error’s name',
  {
    points: 2,
    exercise,
    concept: 'throttling',
    hint: [
      'An error whose service model declares it throttling carries error.$retryable.throttling === true, whatever its name: the SDK’s own retry strategy classifies errors by it.',
      'Only $retryable.throttling means "slow down": $retryable without throttling means "retryable" (a transient server error), not throttling.',
    ],
  },
  () => {
    // How the SDK builds an error its service model marks @retryable(throttling: true); the name is one no list
    // of throttling names contains (nor says "throttl"), so only error.$retryable can tell.
    const marked = awsError('ServiceBusyException', 'The service is busy. Try again later.', {
      $retryable: { throttling: true },
    });
    expect(
      isThrottling(marked),
      'an error the SDK marks with $retryable.throttling is throttling whatever its name — a list of names misses it',
    ).toBe(true);
    const transient = awsError('InternalServerError', 'An error occurred on the server side.', {
      $retryable: {},
    });
    expect(
      isThrottling(transient),
      'a retryable error without $retryable.throttling is a transient failure, not "slow down"',
    ).toBe(false);
  },
);

check(
  'withBackoff retries throttling with exponentially growing, capped delays, and gives up after maxAttempts',
  {
    points: 5,
    exercise,
    concept: 'backoff',
    hint: [
      'Loop over attempts: return on success; on a throttling error, sleep then try again.',
      'The delay before retry k (k = 1, 2, …) is random() × min(maxDelayMs, baseDelayMs × 2^(k − 1)): call options.sleep with it.',
      'When attempt === maxAttempts, throw the last error itself (not a new one) instead of sleeping.',
    ],
  },
  async () => {
    const { delays, sleep } = recorder();
    const options = { baseDelayMs: 100, maxDelayMs: 500, sleep, random: () => 1 };
    const four = flaky(4, throttling);
    expect(await withBackoff(four.operation, { ...options, maxAttempts: 6 })).toBe('ok');
    expect(four.state.attempts, 'four throttled attempts, then the fifth succeeds').toBe(5);
    expect(
      delays,
      'with random() = 1 the delays are min(maxDelayMs, baseDelayMs × 2^(k − 1)) for retry k = 1…4: they double from the base and stop at the cap',
    ).toEqual([100, 200, 400, 500]);

    delays.length = 0;
    const always = flaky(99, throttling);
    const error = await rejection(withBackoff(always.operation, { ...options, maxAttempts: 3 }));
    expect(error.name, 'after the last attempt the last throttling error itself is thrown').toBe(
      'ThrottlingException',
    );
    expect(always.state.attempts, 'maxAttempts counts every attempt, the first included').toBe(3);
    expect(delays, 'a sleep before each retry, none after the last attempt').toEqual([100, 200]);
  },
);

check(
  'withBackoff waits random() × the capped delay ("full jitter"), drawing random() for each retry',
  {
    points: 3,
    exercise,
    concept: 'backoff',
    hint: [
      'Full jitter: sleep random() × min(maxDelayMs, baseDelayMs × 2^(k − 1)) — the whole delay is random, from 0 up to the cap, so a crowd of clients throttled at the same moment does not retry in step.',
      'Call options.random (not Math.random) once per retry, and multiply after taking the cap: min(cap, random() × …) is not the same.',
    ],
  },
  async () => {
    const { delays, sleep } = recorder();
    const draws = [0.5, 0.25, 0, 0.5];
    const random = () => draws[delays.length] ?? 0.5;
    const four = flaky(4, throttling);
    await withBackoff(four.operation, { baseDelayMs: 100, maxDelayMs: 500, maxAttempts: 6, sleep, random });
    expect(
      delays,
      'with random() = 0.5, 0.25, 0, 0.5 and the capped delays 100, 200, 400, 500 the sleeps are 50, 50, 0 and 250: each retry draws its own random() and scales the capped delay by it',
    ).toEqual([50, 50, 0, 250]);
  },
);

check(
  'withBackoff defaults to 5 attempts, a 100 ms base and a 2 s cap',
  {
    points: 1,
    exercise,
    hint: 'The defaults are in BackoffOptions: maxAttempts 5, baseDelayMs 100, maxDelayMs 2,000.',
  },
  async () => {
    const { delays, sleep } = recorder();
    const always = flaky(99, throttling);
    await rejection(withBackoff(always.operation, { sleep, random: () => 1 }));
    expect(always.state.attempts, 'maxAttempts defaults to 5').toBe(5);
    expect(delays, 'baseDelayMs defaults to 100').toEqual([100, 200, 400, 800]);
    delays.length = 0;
    await rejection(withBackoff(flaky(99, throttling).operation, { sleep, random: () => 1, maxAttempts: 7 }));
    expect(delays, 'maxDelayMs defaults to 2,000').toEqual([100, 200, 400, 800, 1600, 2000]);
  },
);

check(
  'withBackoff rethrows any other error at once, without retrying',
  {
    points: 2,
    exercise,
    hint: 'Only throttling is worth retrying: a ParameterNotFound will not go away by waiting.',
  },
  async () => {
    const { delays, sleep } = recorder();
    const notFound = flaky(1, () => awsError('ParameterNotFound', 'Parameter /x not found.'));
    const error = await rejection(withBackoff(notFound.operation, { sleep }));
    expect(error.name, 'the error is thrown unchanged').toBe('ParameterNotFound');
    expect(
      notFound.state.attempts,
      'a ParameterNotFound will not go away by waiting: only throttling is retried',
    ).toBe(1);
    expect(delays).toEqual([]);
  },
);

check(
  'withBackoff gets 20 reads through a Parameter Store that throttles every second call',
  {
    points: 4,
    exercise,
    concept: 'backoff',
    timeoutMs: 30_000,
    hint: [
      'The client here has the SDK retries off (maxAttempts: 1), so every ThrottlingException reaches your code.',
      'Wrap each send: withBackoff(() => ssm.send(new GetParameterCommand(…))).',
    ],
  },
  async () => {
    const rigged = await throttledSsm(0.5);
    const Name = `${stage.prefix}/flags/beta`;
    await seed(rigged.setup, [{ Name, Value: 'on' }]);
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
      await new Promise((done) => setTimeout(done, Math.min(ms, 5)));
    };
    const values: string[] = [];
    for (let i = 0; i < 20; i++) {
      const out = await withBackoff(() => rigged.ssm.send(new GetParameterCommand({ Name })), { sleep });
      values.push(out.Parameter?.Value ?? '');
    }
    expect(values, 'values of 20 reads through withBackoff while throttled').toEqual(Array(20).fill('on'));
    expect(slept.length, 'sleeps withBackoff took between throttled attempts').toBeGreaterThanOrEqual(10);
  },
);
