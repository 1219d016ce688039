import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { check } from '@cloudlab/grader';
import { CachedParameters } from '@lab/cached-parameters.ts';
import { beforeAll, expect } from 'vitest';
import { countCalls, rejection, seed, testSsm, useStage } from './support/ssm.ts';

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
      'An entry is fresh while now() < expiresAt: at exactly maxAge after the fetch it is stale and fetched again.',
      'Use the injected now() — never Date.now() directly — so the check can move the clock. maxAgeMs is in milliseconds (Powertools’ maxAge is in seconds).',
    ],
  },
  async () => {
    const { cache, clock, gets } = loader(5_000);
    expect(await cache.get(name())).toBe('off');
    expect(await cache.get(name())).toBe('off');
    clock.now += 4_999;
    expect(await cache.get(name())).toBe('off');
    expect(gets(), 'a value younger than maxAge comes from memory: one GetParameter call').toBe(1);

    await stage.ssm.send(
      new PutParameterCommand({ Name: name(), Value: 'on', Type: 'String', Overwrite: true }),
    );
    expect(await cache.get(name()), 'still cached: the new value is not seen before maxAge').toBe('off');
    clock.now += 1;
    expect(
      await cache.get(name()),
      'at exactly maxAge after the fetch the entry is stale (fresh only while now() < fetched + maxAge)',
    ).toBe('on');
    expect(gets(), 'GetParameter calls: the stale entry was fetched again, once').toBe(2);
    clock.now += 4_999;
    expect(await cache.get(name()), 'the refetched value, 4.999 s later').toBe('on');
    expect(gets(), 'the refetched value is cached for another maxAge, counted from its own fetch').toBe(2);
  },
);

check(
  'CachedParameters keeps a value 5 seconds by default',
  {
    points: 1,
    exercise,
    hint: 'maxAgeMs defaults to 5,000 ms, Powertools’ default maxAge of 5 seconds.',
  },
  async () => {
    const ssm = testSsm();
    const calls = countCalls(ssm);
    const clock = { now: 2_000_000 };
    const cache = new CachedParameters(ssm, { now: () => clock.now });
    await cache.get(name());
    clock.now += 4_999;
    await cache.get(name());
    expect(calls.get('GetParameterCommand'), 'cached for 4.999 s with the default maxAge').toBe(1);
    clock.now += 1;
    await cache.get(name());
    expect(calls.get('GetParameterCommand'), 'fetched again at 5 s with the default maxAge').toBe(2);
  },
);

check(
  'CachedParameters refetches on forceFetch and caches decrypted and raw values apart',
  {
    points: 4,
    exercise,
    concept: 'caching',
    hint: [
      'forceFetch skips the cache but still stores what it fetched, as Powertools does: the next read gets the fresh value.',
      'Build the cache key from the name AND the decrypt flag: a raw read must never get the decrypted value.',
    ],
  },
  async () => {
    const { cache, gets } = loader(60_000);
    const raw = await cache.get(secret());
    expect(raw, 'a read without decrypt returns the ciphertext').not.toBe('k-123456');
    expect(await cache.get(secret(), { decrypt: true })).toBe('k-123456');
    expect(await cache.get(secret()), 'a raw read must never be served the decrypted value').toBe(raw);
    expect(await cache.get(secret(), { decrypt: true })).toBe('k-123456');
    expect(gets(), 'one call for the raw value, one for the decrypted one').toBe(2);

    await stage.ssm.send(
      new PutParameterCommand({ Name: secret(), Value: 'k-654321', Type: 'SecureString', Overwrite: true }),
    );
    expect(await cache.get(secret(), { decrypt: true, forceFetch: true }), 'forceFetch skips the cache').toBe(
      'k-654321',
    );
    expect(gets(), 'GetParameter calls: forceFetch made one more').toBe(3);
    expect(
      await cache.get(secret(), { decrypt: true }),
      'forceFetch refreshes the cache: the next read is served the value it fetched',
    ).toBe('k-654321');
    expect(gets(), 'GetParameter calls: the read after forceFetch came from the cache').toBe(3);
  },
);

check(
  'CachedParameters reports a failed read as ParameterStoreError and caches nothing for it',
  {
    points: 2,
    exercise,
    concept: 'errors',
    hint: [
      'Wrap the GetParameterCommand in try/catch and throw parameterStoreError(error, name), as in exercise 2.',
      'Store an entry only after a successful read: a parameter created a moment later must be found.',
    ],
  },
  async () => {
    const { cache } = loader(60_000);
    const later = `${stage.prefix}/flags/later`;
    const error = await rejection(cache.get(later), 'the parameter does not exist yet');
    expect(error, 'every failure of this lab’s functions is a ParameterStoreError').toMatchObject({
      name: 'ParameterStoreError',
      code: 'ParameterNotFound',
      parameter: later,
    });
    await seed(stage.ssm, [{ Name: later, Value: 'now-here' }]);
    expect(await cache.get(later), 'a failure is not cached').toBe('now-here');
  },
);
