import type { STSClient } from '@aws-sdk/client-sts';
import { check } from '@cloudlab/grader';
import { assumeRole, describeExpiry, refreshingRoleCredentials } from '@lab/assume-role.ts';
import { afterEach, expect, vi } from 'vitest';
import { callerArn, labRoleArn, testSts } from './support/sts.ts';

const exercise = 4;

/**
 * An STS client that counts the calls it sends, and fails the first `failures` of them the way an
 * unreachable endpoint would (before any retry).
 */
function countingSts(failures = 0): { sts: STSClient; sent: () => number } {
  const sts = testSts();
  let sent = 0;
  sts.middlewareStack.add(
    (next) => async (args) => {
      sent++;
      if (sent <= failures) throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'TimeoutError' });
      return next(args);
    },
    { step: 'initialize', name: 'lab01CountCalls' },
  );
  return { sts, sent: () => sent };
}

afterEach(() => {
  vi.useRealTimers();
});

check(
  'assumeRole returns working temporary credentials that expire after the requested duration',
  {
    points: 8,
    exercise,
    concept: 'roles',
    hint: [
      'Send AssumeRoleCommand({ RoleArn, RoleSessionName, DurationSeconds }) and read answer.Credentials.',
      'Expiration arrives as a Date; keep it on the credentials object as `expiration` — the SDK reads that name.',
      'Send through options.sts when it is given: the caller chose its endpoint, region and credentials.',
    ],
  },
  async () => {
    const roleArn = await labRoleArn();
    const before = Date.now();
    const given = countingSts();
    const role = await assumeRole({
      roleArn,
      sessionName: 'lab01-check',
      durationSeconds: 900,
      sts: given.sts,
    });
    expect(given.sent(), 'AssumeRole calls sent through the `sts` client passed in options').toBe(1);
    const lifetime = (role.credentials.expiration.getTime() - before) / 1000;
    expect(lifetime).toBeGreaterThan(840);
    expect(lifetime).toBeLessThanOrEqual(960);
    expect(role.assumedRoleArn).toMatch(/:assumed-role\/[^/]+\/lab01-check$/);
    expect(await callerArn(role.credentials)).toBe(role.assumedRoleArn);
  },
);

check(
  'describeExpiry shows when credentials expire without showing them',
  {
    points: 4,
    exercise,
    hint: [
      'Return the ISO time and how long is left, e.g. "expires 2026-…Z (in 15 min)"; "expired" from the moment of expiry.',
      'Under two minutes, count seconds ("in 90 s"); from two minutes on, whole minutes ("in 2 min").',
    ],
  },
  () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(describeExpiry(new Date(now + 15 * 60_000), now)).toContain('2026-11-25T12:15:00.000Z');
    expect(describeExpiry(new Date(now + 15 * 60_000), now)).toMatch(/15 min/);
    expect(describeExpiry(new Date(now - 1000), now)).toMatch(/expired/);
    expect(describeExpiry(new Date(now), now), 'credentials whose expiry is this very moment').toMatch(
      /expired/,
    );
    expect(
      describeExpiry(new Date(now + 90_000), now),
      '90 seconds left: under two minutes, in seconds',
    ).toMatch(/\b90 s\b/);
    expect(describeExpiry(new Date(now + 120_000), now), 'two minutes left: in minutes').toMatch(/\b2 min\b/);
  },
);

check(
  'refreshingRoleCredentials reuses credentials, then assumes the role again before they expire',
  {
    points: 8,
    exercise,
    concept: 'credential refresh',
    hint: [
      'Keep the last credentials; return them while expiration - Date.now() is more than refreshBeforeSeconds.',
      'Otherwise call assumeRole again. Keep the pending promise so two callers at once share one AssumeRole call.',
    ],
  },
  async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const provider = refreshingRoleCredentials({
      roleArn: await labRoleArn(),
      sessionName: 'lab01-refresh',
      durationSeconds: 900,
      refreshBeforeSeconds: 300,
      sts: testSts(),
    });
    const first = await provider();
    vi.advanceTimersByTime(60_000);
    expect((await provider()).accessKeyId).toBe(first.accessKeyId);
    // 11 minutes in, 4 are left: inside the 5-minute refresh window (and inside SigV4's 15-minute clock skew).
    vi.setSystemTime(Date.now() + 10 * 60_000);
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a.accessKeyId).not.toBe(first.accessKeyId);
    expect(b.accessKeyId).toBe(a.accessKeyId);
  },
);

check(
  'refreshingRoleCredentials refreshes five minutes before expiry when no window is given',
  {
    points: 3,
    exercise,
    concept: 'credential refresh',
    hint: [
      "refreshBeforeSeconds defaults to 300: the five minutes the SDK's own default chain keeps between a refresh and the expiry.",
    ],
  },
  async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const provider = refreshingRoleCredentials({
      roleArn: await labRoleArn(),
      sessionName: 'lab01-default-window',
      durationSeconds: 900,
      sts: testSts(),
    });
    const first = await provider();
    vi.setSystemTime(Date.now() + 9.5 * 60_000);
    expect(
      (await provider()).accessKeyId,
      '9.5 of 15 minutes gone, 5.5 left: outside the default window, the cached credentials serve',
    ).toBe(first.accessKeyId);
    vi.setSystemTime(Date.now() + 60_000);
    expect(
      (await provider()).accessKeyId,
      '10.5 of 15 minutes gone, 4.5 left: inside the default five-minute window, the role is assumed again',
    ).not.toBe(first.accessKeyId);
  },
);

check(
  'refreshingRoleCredentials tries again after a failed AssumeRole instead of keeping the failure',
  {
    points: 3,
    exercise,
    concept: 'credential refresh',
    hint: [
      'Forget the pending call when it settles either way (.finally), or one network error fails every later call.',
    ],
  },
  async () => {
    const flaky = countingSts(1);
    const provider = refreshingRoleCredentials({
      roleArn: await labRoleArn(),
      sessionName: 'lab01-retry',
      durationSeconds: 900,
      sts: flaky.sts,
    });
    const failed = await provider().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed, 'the first AssumeRole fails (endpoint unreachable)').toBeInstanceOf(Error);
    const second = await provider().then(
      (credentials) => credentials.accessKeyId,
      (error: unknown) => `rejected again: ${(error as Error).message}`,
    );
    expect(second, 'a second call, once the endpoint answers, assumes the role again').toMatch(
      /^[A-Z0-9]{16,}$/,
    );
    expect(flaky.sent(), 'AssumeRole calls sent').toBe(2);
  },
);

check(
  'a client built on refreshingRoleCredentials keeps working across a refresh',
  {
    points: 6,
    exercise,
    concept: 'credential refresh',
    hint: [
      'Pass the provider function itself as `credentials` to the client: the SDK calls it again when the credentials near expiry.',
    ],
  },
  async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const provider = refreshingRoleCredentials({
      roleArn: await labRoleArn(),
      sessionName: 'lab01-client',
      durationSeconds: 900,
      sts: testSts(),
    });
    const client = testSts(provider);
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const before = await client.send(new GetCallerIdentityCommand({}));
    const firstKey = (await client.config.credentials()).accessKeyId;
    vi.setSystemTime(Date.now() + 11 * 60_000);
    const after = await client.send(new GetCallerIdentityCommand({}));
    expect(after.Arn).toBe(before.Arn);
    expect((await client.config.credentials()).accessKeyId).not.toBe(firstKey);
  },
);
