import { describe, expect, it } from 'vitest';
import { FAILING_FORMS, probeVerdicts } from './verdict-probes.ts';

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
