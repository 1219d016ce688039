import { test } from 'vitest';
import { CANARY_ENV } from '../defaults.js';

/**
 * Setup file of every lab: when the grader names a canary for this run (a random title, see lab-session.ts),
 * each test file gets one more check that always fails. It is in no inventory, so it never scores; if it
 * comes back passed, the run's verdicts were forged (see reconcile-inventory.ts).
 */
const title = process.env[CANARY_ENV];
if (title) {
  test(title, () => {
    throw new Error('this check fails in every honest run');
  });
}
