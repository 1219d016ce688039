import type { RunResult } from '../model/run-result.ts';
import type { GradeReporter } from './grade-reporter.ts';
import { outputOf } from './gradescope-reporter.ts';

/** One entry of PrairieLearn's external-grader `tests` (field names as its results.json spells them). */
export interface PrairieLearnTest {
  name: string;
  description?: string;
  points: number;
  max_points: number;
  message: string;
  output: string;
}

export interface PrairieLearnResults {
  gradable: boolean;
  /** 0–1 */
  score: number;
  message: string;
  output: string;
  tests: PrairieLearnTest[];
}

/**
 * PrairieLearn's external grader `results.json`: `score` as a fraction of the maximum, one test per check
 * with `points` and `max_points` on every test (PrairieLearn shows per-test points only when all have both).
 * https://prairielearn.readthedocs.io/en/latest/externalGrading/#grading-results
 */
export class PrairieLearnReporter implements GradeReporter {
  onRunEnd(run: RunResult): string {
    const tests: PrairieLearnTest[] = run.labs.flatMap((lab) =>
      lab.checks.map((check) => ({
        name: `Lab ${lab.id} · ${check.title}`,
        ...(check.concept ? { description: check.concept } : {}),
        points: check.points,
        max_points: check.maxPoints,
        message: check.status === 'passed' ? 'Passed.' : (check.message ?? 'Failed.'),
        output: outputOf(check),
      })),
    );
    const notes = run.labs.flatMap((lab) => lab.errors.map((error) => `Lab ${lab.id}: ${error}`));
    if (run.tampered) notes.unshift('The grading tests were modified: this result is not trusted.');
    if (run.incomplete)
      notes.push('Incomplete: some checks could not run for reasons outside the submission.');
    const results: PrairieLearnResults = {
      gradable: true,
      score: run.maxScore > 0 ? run.score / run.maxScore : 0,
      message: `${run.score}/${run.maxScore} points`,
      output: notes.join('\n'),
      tests,
    };
    return `${JSON.stringify(results, null, 2)}\n`;
  }
}
