import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { check } from '@cloudlab/grader';
import { CachedParameters } from '@lab/cached-parameters.ts';
import { beforeAll, expect } from 'vitest';
import { countCalls, seed, testSsm, useStage } from './support/ssm.ts';

const exercise = 6;
const stage = useStage('cache');
const name = () => `${stage.prefix}/flags/new-ui`;
const secret = () => `${stage.prefix}/api/key`;

beforeAll(async () => {
  await seed(stage.ssm, [
    { Name: name(), Value: 'off' },
    { Name: secret(), Value: 'k-123456', Type: 'SecureString' },
  ]);
});

/** A loader on a client that counts its GetParameter calls, with a clock the check moves. */
function loader(maxAgeMs: number) {
  const ssm = testSsm();
  const calls = countCalls(ssm);
  const clock = { now: 1_000_000 };
  const cache = new CachedParameters(ssm, { maxAgeMs, now: () => clock.now });
  return { cache, clock, gets: () => calls.get('GetParameterCommand') ?? 0 };
}

check(
  'CachedParameters serves a value from memory until maxAge has passed, then fetches it again',
  {
    points: 5,
    exercise,
    concept: 'caching',
    hint: [
      'Keep a Map from key to { value, expiresAt }; expiresAt = now() + maxAgeMs when you fetch.',
      'Serve from the map while expiresAt > now(); otherwise send GetParameterCommand and store the new value.',
      'Use the injected now() — never Date.now() directly — so the check can move the clock.',
    ],
  },
  async () => {
    const { cache, clock, gets } = loader(5_000);
    expect(await cache.get(name())).toBe('off');
    expect(await cache.get(name())).toBe('off');
    clock.now += 4_000;
    expect(await cache.get(name())).toBe('off');
    expect(gets()).toBe(1);

    await stage.ssm.send(
      new PutParameterCommand({ Name: name(), Value: 'on', Type: 'String', Overwrite: true }),
    );
    expect(await cache.get(name())).toBe('off');
    clock.now += 1_500;
    expect(await cache.get(name())).toBe('on');
    expect(gets()).toBe(2);
  },
);

check(
  'CachedParameters refetches on forceFetch and caches decrypted and raw values apart',
  {
    points: 4,
    exercise,
    hint: [
      'forceFetch skips the cache but still stores what it fetched.',
      'Build the cache key from the name AND the decrypt flag: a raw read must never get the decrypted value.',
    ],
  },
  async () => {
    const { cache, gets } = loader(60_000);
    const raw = await cache.get(secret());
    expect(raw).not.toBe('k-123456');
    expect(await cache.get(secret(), { decrypt: true })).toBe('k-123456');
    expect(await cache.get(secret())).toBe(raw);
    expect(await cache.get(secret(), { decrypt: true })).toBe('k-123456');
    expect(gets()).toBe(2);
    await cache.get(secret(), { decrypt: true, forceFetch: true });
    expect(gets()).toBe(3);
    await cache.get(secret(), { decrypt: true });
    expect(gets()).toBe(3);
  },
);
