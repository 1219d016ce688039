import { describe, expect, it } from 'vitest';
import { check } from './check.ts';

describe('check', () => {
  it('rejects a check without a hint', () => {
    expect(() => check('adds', { points: 1, hint: [] }, () => {})).toThrow(
      'needs at least one non-empty hint',
    );
  });

  it('rejects negative points', () => {
    expect(() => check('adds', { points: -1, hint: 'h' }, () => {})).toThrow('points must be a number >= 0');
  });
});

describe('a registered check', () => {
  check(
    'records its rubric on the Vitest task',
    { points: 4, hint: ['first', 'second'], exercise: 2 },
    (context) => {
      expect(context.task.meta.cloudlab).toEqual({
        points: 4,
        hints: ['first', 'second'],
        exercise: 2,
        timeoutMs: 10_000,
      });
    },
  );
});
