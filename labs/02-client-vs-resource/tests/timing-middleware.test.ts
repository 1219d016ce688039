import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { check } from '@cloudlab/grader';
import { addTimingMiddleware, type CallTiming } from '@lab/timing-middleware.ts';
import { expect } from 'vitest';
import { testS3, useLabBucket } from './support/s3.ts';
import { settled } from './support/settled.ts';
import { slowingDown } from './support/slow-down.ts';

const exercise = 5;
const bucket = useLabBucket('middleware');
const DELAY_MS = 40;

check(
  "the timing middleware logs each call's operation name and latency",
  {
    points: 6,
    exercise,
    concept: 'middleware stack',
    hint: [
      'client.middlewareStack.add((next, context) => async (args) => { …; const result = await next(args); … }, { step: "initialize", name }).',
      'context.commandName is e.g. "PutObjectCommand": drop the "Command" suffix. Measure with performance.now() around next(args).',
      'The status of a successful call is in result.output.$metadata.httpStatusCode.',
    ],
  },
  async () => {
    const client = testS3();
    const log: CallTiming[] = [];
    addTimingMiddleware(client, (timing) => log.push(timing));
    // S3 is a moment slow to answer (a wait inside the SDK's send, below any step a timing middleware uses):
    // the time logged must cover the whole call.
    client.middlewareStack.add(
      (next) => async (args) => {
        await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'cloudlabSlowNetwork' },
    );
    // How long each send took, seen from outside: a call's logged ms cannot be longer.
    const took: number[] = [];
    const timed = async (send: () => Promise<unknown>) => {
      const started = performance.now();
      await send();
      took.push(performance.now() - started);
    };
    await timed(() => client.send(new PutObjectCommand({ Bucket: bucket.name, Key: 't.txt', Body: 'x' })));
    await timed(() => client.send(new GetObjectCommand({ Bucket: bucket.name, Key: 't.txt' })));
    expect(log.map((t) => t.operation)).toEqual(['PutObject', 'GetObject']);
    expect(
      log.map((t) => t.httpStatusCode),
      "the HTTP status of each successful call (the output's $metadata.httpStatusCode)",
    ).toEqual([200, 200]);
    log.forEach((timing, i) => {
      expect(typeof timing.ms).toBe('number');
      expect(
        timing.ms,
        `ms logged for ${timing.operation}, whose answer took at least ${DELAY_MS} ms: measure from before next(args) until its promise settles, in milliseconds (performance.now() counts in ms — do not divide by 1000)`,
      ).toBeGreaterThanOrEqual(DELAY_MS - 5);
      expect(timing.ms, 'milliseconds the timing says the call took').toBeLessThan(10_000);
      expect(
        timing.ms,
        `ms logged for ${timing.operation}, whose send took ${Math.round(took[i] ?? 0)} ms: start the clock inside the handler, once per call (\`async (args) => { const started = performance.now(); … }\`), not once when the middleware is added`,
      ).toBeLessThanOrEqual((took[i] ?? 0) + 1);
    });
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
    const started = performance.now();
    await expect(
      client.send(new GetObjectCommand({ Bucket: bucket.name, Key: 'missing.txt' })),
    ).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
    const took = performance.now() - started;
    expect(
      log,
      "the log line of a GetObject of a missing key: error is the error's name (the AWS code, NoSuchKey), not its message; httpStatusCode is the error's $metadata.httpStatusCode",
    ).toEqual([expect.objectContaining({ operation: 'GetObject', error: 'NoSuchKey', httpStatusCode: 404 })]);
    const ms = log[0]?.ms ?? Number.NaN;
    expect(
      ms >= 0 && ms <= took + 1,
      `ms logged for the failed GetObject (${ms}) is its latency, between 0 and the ${Math.round(took)} ms the whole send took: a failed call is timed like a successful one, performance.now() − the start`,
    ).toBe(true);
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
    expect(
      log,
      'timings logged for one PutObject after adding the middleware twice (named middleware replaces itself)',
    ).toHaveLength(1);
  },
);

check(
  'the timing middleware logs a call once, retries included (S3 answered 503 SlowDown first)',
  {
    points: 5,
    exercise,
    concept: 'middleware steps',
    hint: [
      'The SDK retries inside the finalizeRequest step: a middleware at finalizeRequest or deserialize sees every attempt.',
      'Add yours at step "initialize", outside the retry loop, so one call is one log line however many attempts it took.',
    ],
  },
  async () => {
    // Every second request gets 503 SlowDown: the PutObject goes through, the GetObject is retried once.
    const client = await slowingDown((config) => testS3(config));
    const log: CallTiming[] = [];
    addTimingMiddleware(client, (timing) => log.push(timing));
    const retried = 'a call the SDK retries after a 503 should succeed through your middleware';
    await settled(
      client.send(new PutObjectCommand({ Bucket: bucket.name, Key: 'retried.txt', Body: 'x' })),
      retried,
    );
    const answer = await settled(
      client.send(new GetObjectCommand({ Bucket: bucket.name, Key: 'retried.txt' })),
      retried,
    );
    await answer.Body?.transformToString();
    expect(
      answer.$metadata.attempts,
      'attempts the SDK made for the GetObject (S3 throttled the first)',
    ).toBe(2);
    const logged = log
      .map((t) => [t.operation, t.error, t.httpStatusCode].filter(Boolean).join(' '))
      .join(', ');
    expect(
      log,
      `log lines for one PutObject and one GetObject that the SDK retried after a 503 (you logged: ${logged}): the chapter says one middleware at the initialize step "measures each call (retries included)"`,
    ).toEqual([
      expect.objectContaining({ operation: 'PutObject', httpStatusCode: 200 }),
      expect.objectContaining({ operation: 'GetObject', httpStatusCode: 200 }),
    ]);
    expect(log[1]?.error, 'the error logged for a call that succeeded on its second attempt').toBeUndefined();
  },
);
