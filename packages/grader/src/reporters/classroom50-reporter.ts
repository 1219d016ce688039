import type { RunResult } from '../model/run-result.ts';
import type { GradeReporter } from './grade-reporter.ts';
import { outputOf } from './gradescope-reporter.ts';

/** One entry of a Classroom 50 `result.json`'s `tests` (field names as its result/v1 contract spells them). */
export interface Classroom50Test {
  'test-name': string;
  passed: boolean;
  score: number;
  'max-score': number;
  /** Extra diagnostic fields are kept verbatim by Classroom 50's runner and collector. */
  output?: string;
}

/**
 * The scoring part of Classroom 50's `result.json` (`classroom50/result/v1`): one test per check, whole
 * points. The submission's identity (classroom, assignment, owner, tag, links, datetime) is stamped by the
 * export's autograder.py from the runner's environment: the grader knows nothing of the host.
 * https://github.com/foundation50/classroom50/wiki/Advanced-Autograding#the-resultjson-contract
 */
export class Classroom50Reporter implements GradeReporter {
  onRunEnd(run: RunResult): string {
    const tests: Classroom50Test[] = run.labs.flatMap((lab) =>
      lab.checks.map((check) => ({
        'test-name': `Lab ${lab.id} · ${check.title}`,
        passed: check.status === 'passed',
        // result/v1 counts whole points; cloudlab's checks are worth whole points.
        score: Math.round(check.points),
        'max-score': Math.round(check.maxPoints),
        ...(check.status === 'passed' ? {} : { output: outputOf(check) }),
      })),
    );
    const result = {
      schema: 'classroom50/result/v1',
      score: tests.reduce((sum, test) => sum + test.score, 0),
      'max-score': tests.reduce((sum, test) => sum + test['max-score'], 0),
      tests,
    };
    return `${JSON.stringify(result, null, 2)}\n`;
  }
}
