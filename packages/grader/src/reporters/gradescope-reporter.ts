import type { CheckResult, RunResult } from '../model/run-result.ts';
import type { GradeReporter } from './grade-reporter.ts';

/** One entry of Gradescope's `tests` array (field names as Gradescope's autograder spec spells them). */
export interface GradescopeTest {
  name: string;
  number?: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  tags?: string[];
  visibility: 'visible' | 'hidden' | 'after_due_date' | 'after_published';
}

export interface GradescopeResults {
  score: number;
  max_score: number;
  execution_time: number;
  output: string;
  visibility: GradescopeTest['visibility'];
  stdout_visibility: GradescopeTest['visibility'];
  tests: GradescopeTest[];
}

export function outputOf(check: CheckResult): string {
  if (check.status === 'passed') return '';
  if (check.status === 'skipped') return 'Not run.';
  const lines = [check.message ?? 'Failed.'];
  if (check.location) lines.push(`at ${check.location.file}:${check.location.line}`);
  if (check.classification === 'wrong-answer' && check.hints[0]) lines.push(`Hint: ${check.hints[0]}`);
  if (check.classification && check.classification !== 'wrong-answer') {
    lines.push(`Not your code (${check.classification}): these points are withheld until the check can run.`);
  }
  return lines.join('\n');
}

/** Gradescope's `results.json`: one test per check, scores in points, the run's summary as `output`. */
export class GradescopeReporter implements GradeReporter {
  onRunEnd(run: RunResult): string {
    const tests: GradescopeTest[] = run.labs.flatMap((lab) =>
      lab.checks.map((check) => ({
        name: `Lab ${lab.id} · ${check.title}`,
        ...(check.exercise !== undefined ? { number: `${lab.id}.${check.exercise}` } : {}),
        score: check.points,
        max_score: check.maxPoints,
        status: check.status === 'passed' ? 'passed' : 'failed',
        output: outputOf(check),
        // Tags group the checks in Gradescope's statistics: by lab, by exercise, by concept.
        tags: [
          `lab-${lab.id}`,
          ...(check.exercise !== undefined ? [`exercise-${lab.id}.${check.exercise}`] : []),
          ...(check.concept ? [check.concept] : []),
        ],
        // Instructors' hidden/ checks stay out of sight until the due date, as Gradescope allows.
        visibility: check.file.startsWith('hidden/') ? 'after_due_date' : 'visible',
      })),
    );
    const notes = run.labs.flatMap((lab) => lab.errors.map((error) => `Lab ${lab.id}: ${error}`));
    if (run.tampered) notes.unshift('The grading tests were modified: this result is not trusted.');
    if (run.incomplete)
      notes.push('Incomplete: some checks could not run for reasons outside the submission.');
    const results: GradescopeResults = {
      score: run.score,
      max_score: run.maxScore,
      execution_time: Math.round(run.durationMs / 1000),
      output: notes.join('\n'),
      visibility: 'visible',
      stdout_visibility: 'hidden',
      tests,
    };
    return `${JSON.stringify(results, null, 2)}\n`;
  }
}
