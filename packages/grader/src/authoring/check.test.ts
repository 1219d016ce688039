import { describe, expect, it } from 'vitest';
import { check } from './check.ts';

describe('check', () => {
  it('rejects a check without a hint', () => {
    expect(() => check('adds', { points: 1, hint: [] }, () => {})).toThrow(
      'needs at least one non-empty hint',
    );
  });

  it('rejects a cause hint without a pattern or predicate, or without text', () => {
    const when = /slash/;
    expect(() =>
      check('adds', { points: 1, hint: ['h', { when: 'slash' as unknown as RegExp, hint: 'x' }] }, () => {}),
    ).toThrow('a hint is a string or { when');
    expect(() => check('adds', { points: 1, hint: ['h', { when, hint: ' ' }] }, () => {})).toThrow(
      'a cause hint needs a non-empty hint',
    );
    expect(() => check('adds', { points: 1, hint: [{ when, hint: 'x' }] }, () => {})).toThrow(
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

describe('concurrent checks', () => {
  // The first can only finish once the second has started: run one after the other, it would time out.
  let secondStarted!: () => void;
  const second = new Promise<void>((resolve) => {
    secondStarted = resolve;
  });
  check.concurrent(
    'waits for the check that runs beside it',
    { points: 1, hint: 'h', timeoutMs: 2000 },
    async () => {
      await second;
    },
  );
  check.concurrent('starts while the first one waits', { points: 1, hint: 'h' }, (context) => {
    secondStarted();
    expect(context.task.meta.cloudlab?.points).toBe(1);
  });
});
