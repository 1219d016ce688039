import { GetParameterCommand, SSMServiceException } from '@aws-sdk/client-ssm';
import { check } from '@cloudlab/grader';
import { isThrottling, withBackoff } from '@lab/backoff.ts';
import { expect } from 'vitest';
import { throttledSsm } from './support/rigged-ssm.ts';
import { rejection, seed, useStage } from './support/ssm.ts';

const exercise = 7;
const stage = useStage('backoff');

const throttling = () =>
  new SSMServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: 'Rate exceeded',
  });

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

check(
  'isThrottling recognises throttling errors of SSM, query services and S3, and nothing else',
  {
    points: 2,
    exercise,
    hint: 'Compare error.name with ThrottlingException, Throttling and SlowDown (and honour error.$retryable?.throttling).',
  },
  () => {
    expect(isThrottling(throttling())).toBe(true);
    expect(isThrottling(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }))).toBe(true);
    expect(
      isThrottling(Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown' })),
    ).toBe(true);
    expect(isThrottling(Object.assign(new Error('x'), { name: 'ParameterNotFound' }))).toBe(false);
    expect(isThrottling('ThrottlingException')).toBe(false);
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
      'When attempt === maxAttempts, throw the last error instead of sleeping.',
    ],
  },
  async () => {
    const delays: number[] = [];
    const options = {
      baseDelayMs: 100,
      maxDelayMs: 500,
      sleep: async (ms: number) => void delays.push(ms),
      random: () => 1,
    };
    const three = flaky(4, throttling);
    expect(await withBackoff(three.operation, { ...options, maxAttempts: 6 })).toBe('ok');
    expect(three.state.attempts).toBe(5);
    expect(delays).toEqual([100, 200, 400, 500]);

    delays.length = 0;
    const always = flaky(99, throttling);
    const error = await rejection(withBackoff(always.operation, { ...options, maxAttempts: 3 }));
    expect(error.name).toBe('ThrottlingException');
    expect(always.state.attempts).toBe(3);
    expect(delays).toEqual([100, 200]);
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
    const slept: number[] = [];
    const notFound = flaky(1, () =>
      Object.assign(new Error('Parameter not found'), { name: 'ParameterNotFound' }),
    );
    const error = await rejection(
      withBackoff(notFound.operation, { sleep: async (ms) => void slept.push(ms) }),
    );
    expect(error.name).toBe('ParameterNotFound');
    expect(notFound.state.attempts).toBe(1);
    expect(slept).toEqual([]);
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
    expect(values).toEqual(Array(20).fill('on'));
    expect(slept.length).toBeGreaterThanOrEqual(10);
  },
);
