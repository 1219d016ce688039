import { check } from '@cloudlab/grader';
import { subtract } from '@lab/math.ts';
import { expect } from 'vitest';

// Worth 0 points, like a lab's typecheck: it can fail, but cannot change whether a variant loses points.
check('subtract keeps the operand order (0 points)', { points: 0, exercise: 0, hint: 'a - b, not b - a.' }, () => {
  expect(subtract(5, 3)).toBe(2);
});
