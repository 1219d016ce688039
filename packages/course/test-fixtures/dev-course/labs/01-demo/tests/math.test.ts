import { check } from '@cloudlab/grader';
import { add, subtract } from '@lab/math.ts';
import { expect } from 'vitest';

check('add adds', { points: 1, exercise: 1, hint: 'Return a + b.' }, () => {
  expect(add(2, 3)).toBe(5);
});

check('subtract subtracts', { points: 1, exercise: 2, hint: 'Return a - b.' }, () => {
  expect(subtract(5, 3)).toBe(2);
});
