import { describe, expect, it } from 'vitest';
import {
  CHAI_ASSERT_FORMS,
  FAILING_FORMS,
  OWN_THROW_FORMS,
  probeVerdicts,
  SETTLE_FORMS,
} from './verdict-probes.ts';

describe('verdict probes in an honest realm', () => {
  // The probes draw b from a + 1 to a + 1000: the edges and a few between, small and large.
  const pairs = [0, 9, 99, 12_345, 999_999].flatMap((a) =>
    [1, 2, 10, 1000].map((gap) => [a, a + gap] as const),
  );

  it.each(Object.keys(FAILING_FORMS))('%s fails as it must, whatever the random values', async (name) => {
    for (const [a, b] of pairs) {
      let failed = false;
      try {
        await FAILING_FORMS[name]!(a, b);
      } catch {
        failed = true;
      }
      expect(failed, `${name}(${a}, ${b})`).toBe(true);
    }
  });

  it('pass, and are not counted as assertions of the check (expect.assertions sees only its own)', async ({
    task,
  }) => {
    expect.assertions(1);
    for (let round = 0; round < 20; round++) await probeVerdicts(task, 'before');
    // The check's one assertion: were the 40 probe assertions counted, expect.assertions(1) fails the test.
    expect(task.name).toContain('not counted');
  });
});

async function fails(name: string): Promise<boolean> {
  try {
    await FAILING_FORMS[name]!(5, 9);
    return false;
  } catch {
    return true;
  }
}

/** Runs `body` with chai's `Assertion.prototype.assert` made to accept everything: a blanket forgery. */
async function withAssertPatched<T>(body: () => Promise<T>): Promise<T> {
  const assertion = Object.getPrototypeOf(expect(0)) as { assert: (...args: unknown[]) => unknown };
  const honest = assertion.assert;
  assertion.assert = () => undefined;
  try {
    return await body();
  } finally {
    assertion.assert = honest;
  }
}

describe('verdict probes in a forged realm', () => {
  it('split the forms by the way they fail: a patch of chai’s assert passes exactly the first group', async () => {
    const all = [...CHAI_ASSERT_FORMS, ...OWN_THROW_FORMS, ...SETTLE_FORMS];
    expect([...all].sort()).toEqual(Object.keys(FAILING_FORMS).sort());
    const failing = await withAssertPatched(async () => {
      const names: string[] = [];
      for (const name of all) if (await fails(name)) names.push(name);
      return names;
    });
    expect(failing).toEqual([...OWN_THROW_FORMS, ...SETTLE_FORMS]);
  });

  it('catch a blanket patch of the assertion library at every check, not only when the draw is lucky', async ({
    task,
  }) => {
    let caught = 0;
    await withAssertPatched(async () => {
      for (let round = 0; round < 200; round++) {
        await probeVerdicts(task, 'after').catch((error: Error) => {
          if (error.name === 'ForgedVerdictError') caught++;
        });
      }
    });
    expect(caught).toBe(200);
  });
});
