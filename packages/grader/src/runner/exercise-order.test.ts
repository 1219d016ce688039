import { describe, expect, it } from 'vitest';
import { inExerciseOrder } from './exercise-order.ts';

describe('inExerciseOrder', () => {
  it('orders by exercise, then file, keeping declaration order within a file; checks of no exercise last', () => {
    const checks = [
      { id: 'z-3', file: 'tests/z.test.ts', exercise: 3 },
      { id: 'none', file: 'tests/a.test.ts' },
      { id: 'b-1-first', file: 'tests/b.test.ts', exercise: 1 },
      { id: 'a-1', file: 'tests/a.test.ts', exercise: 1 },
      { id: 'b-1-second', file: 'tests/b.test.ts', exercise: 1 },
      { id: 'a-0', file: 'tests/a.test.ts', exercise: 0 },
    ];
    expect(inExerciseOrder(checks, (check) => check.exercise).map((check) => check.id)).toEqual([
      'a-0',
      'a-1',
      'b-1-first',
      'b-1-second',
      'z-3',
      'none',
    ]);
  });

  it('gives the same order whatever order the run reported the files in', () => {
    const checks = [
      { id: '1', file: 'tests/b.test.ts', exercise: 2 },
      { id: '2', file: 'tests/a.test.ts', exercise: 2 },
      { id: '3', file: 'tests/c.test.ts', exercise: 1 },
    ];
    const order = (list: typeof checks) => inExerciseOrder(list, (check) => check.exercise).map((c) => c.id);
    expect(order([...checks].reverse())).toEqual(order(checks));
  });
});
