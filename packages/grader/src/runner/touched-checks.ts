import type { LabResult } from '../model/run-result.ts';
import { inExerciseOrder } from './exercise-order.ts';

/**
 * The whole lab as a partial re-grade leaves it (watch's quick verdict after a save): the last full result
 * with the checks the save touched replaced by their new verdicts. Only the touched checks were run again;
 * the others keep the verdict of the last full grade.
 */
export function withTouchedChecks(last: LabResult, touched: LabResult): LabResult {
  const fresh = new Map(touched.checks.map((check) => [check.id, check]));
  const kept = last.checks.filter((check) => !fresh.has(check.id));
  const checks = inExerciseOrder([...kept, ...touched.checks], (check) => check.exercise);
  const score = checks.reduce((sum, check) => sum + check.points, 0);
  const unsure =
    touched.errors.length > 0 ||
    checks.some((check) => check.classification && check.classification !== 'wrong-answer');
  const passed = checks.every((check) => check.status === 'passed');
  const status = unsure ? 'incomplete' : passed ? 'passed' : 'failed';
  return { ...last, checks, score, status, errors: touched.errors };
}
