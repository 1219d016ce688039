import { describe, expect, it } from 'vitest';
import type { CheckResult, LabResult } from '../model/run-result.ts';
import { withTouchedChecks } from './touched-checks.ts';

const check = (id: string, exercise: number, passed: boolean): CheckResult => ({
  id,
  title: id,
  file: `tests/${id}.test.ts`,
  exercise,
  status: passed ? 'passed' : 'failed',
  points: passed ? 2 : 0,
  maxPoints: 2,
  hints: ['a hint'],
  durationMs: 1,
  ...(passed ? {} : { classification: 'wrong-answer' as const }),
});

const lab = (checks: CheckResult[]): LabResult => ({
  id: '03',
  slug: 'x',
  title: 'x',
  codeDir: 'starter',
  status: 'failed',
  score: checks.reduce((sum, c) => sum + c.points, 0),
  maxScore: checks.length * 2,
  checks,
  integrity: { status: 'verified', changed: [], added: [], missing: [] },
  errors: [],
  durationMs: 1,
});

describe('withTouchedChecks', () => {
  it("replaces the touched checks' verdicts and keeps the others from the last full grade", () => {
    const last = lab([check('a', 1, true), check('b', 2, false), check('c', 3, false)]);
    const whole = withTouchedChecks(last, lab([check('b', 2, true)]));
    expect(whole.checks.map((c) => [c.id, c.status])).toEqual([
      ['a', 'passed'],
      ['b', 'passed'],
      ['c', 'failed'],
    ]);
    expect(whole).toMatchObject({ score: 4, maxScore: 6, status: 'failed' });
  });

  it('passes the lab only when every check of it passes', () => {
    const last = lab([check('a', 1, true), check('b', 2, false)]);
    expect(withTouchedChecks(last, lab([check('b', 2, true)])).status).toBe('passed');
  });
});
