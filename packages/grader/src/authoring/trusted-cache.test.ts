import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedByContent, TRUSTED_CACHE_ENV } from './trusted-cache.ts';

describe('cachedByContent', () => {
  let dir = '';
  const previous = process.env[TRUSTED_CACHE_ENV];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trusted-cache-test-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env[TRUSTED_CACHE_ENV];
    else process.env[TRUSTED_CACHE_ENV] = previous;
  });

  const counter = () => {
    let calls = 0;
    return { compute: async () => ({ calls: ++calls }), calls: () => calls };
  };

  it('without the trusted folder (a learner’s grade) always computes', async () => {
    delete process.env[TRUSTED_CACHE_ENV];
    const { compute, calls } = counter();
    await cachedByContent('audit', ['a'], compute);
    await cachedByContent('audit', ['a'], compute);
    expect(calls()).toBe(2);
    process.env[TRUSTED_CACHE_ENV] = '';
    await cachedByContent('audit', ['a'], compute);
    expect(calls()).toBe(3);
  });

  it('reuses a value only for the same name and byte-identical inputs', async () => {
    process.env[TRUSTED_CACHE_ENV] = dir;
    const { compute, calls } = counter();
    expect(await cachedByContent('audit', ['ab', Buffer.from('c')], compute)).toEqual({ calls: 1 });
    expect(await cachedByContent('audit', ['ab', 'c'], compute)).toEqual({ calls: 1 });
    // The same bytes split differently, one byte changed, another name: all computed afresh.
    expect(await cachedByContent('audit', ['a', 'bc'], compute)).toEqual({ calls: 2 });
    expect(await cachedByContent('audit', ['ab', 'd'], compute)).toEqual({ calls: 3 });
    expect(await cachedByContent('other', ['ab', 'c'], compute)).toEqual({ calls: 4 });
    expect(calls()).toBe(4);
    expect(readdirSync(dir).filter((file) => file.endsWith('.partial'))).toEqual([]);
  });

  it('keeps nothing when the step throws', async () => {
    process.env[TRUSTED_CACHE_ENV] = dir;
    await expect(
      cachedByContent('audit', ['x'], async () => {
        throw new Error('vitest crashed');
      }),
    ).rejects.toThrow('vitest crashed');
    expect(readdirSync(dir)).toEqual([]);
  });
});
