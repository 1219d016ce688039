import { check } from '@cloudlab/grader';
import { add, subtract } from '@lab/math.ts';
import { expect } from 'vitest';

check('add adds', { points: 1, exercise: 1, hint: 'Return a + b.' }, () => {
  expect(add(2, 3)).toBe(5);
});

check('subtract subtracts', { points: 1, exercise: 2, hint: 'Return a - b.' }, () => {
  let difference: number;
  try {
    difference = subtract(5, 3);
  } catch {
    // A badly written check: it reports a stub as a refused connection, which dev check must name.
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  }
  expect(difference).toBe(2);
});
