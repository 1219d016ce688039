import type { CheckResult, LabResult } from '@cloudlab/grader/course';
import type { SubmissionRecord } from '../batch/batch-types.ts';

/** A lab as the gradebook and the report show it. */
export interface LabColumn {
  folder: string;
  id: string;
  title: string;
  /** The lab's full marks, from the course's trusted inventory: never from what a learner's run reported. */
  maxScore: number;
}

export function labOf(record: SubmissionRecord, folder: string): LabResult | undefined {
  return record.run?.labs.find((lab) => `${lab.id}-${lab.slug}` === folder);
}

export function totalOf(record: SubmissionRecord, columns: readonly LabColumn[]): number {
  return columns.reduce((sum, column) => sum + (labOf(record, column.folder)?.score ?? 0), 0);
}

/** Learners per score band: `bins` equal bands of the lab's full marks (the last one includes 100 %). */
export function distribution(scores: readonly number[], max: number, bins = 10): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const score of scores) {
    const share = max > 0 ? score / max : 0;
    counts[Math.min(bins - 1, Math.floor(share * bins))]! += 1;
  }
  return counts;
}

export interface CheckFailureStat {
  lab: string;
  check: Pick<CheckResult, 'id' | 'title' | 'hints' | 'exercise' | 'maxPoints'>;
  failed: number;
  graded: number;
}

/**
 * The checks most learners got wrong — what the next lecture should cover. Only wrong answers count: a
 * check that could not run (environment, harness) says nothing about the learner.
 */
export function mostFailedChecks(records: readonly SubmissionRecord[], limit = 10): CheckFailureStat[] {
  const stats = new Map<string, CheckFailureStat>();
  for (const record of records) {
    for (const lab of record.run?.labs ?? []) {
      for (const check of lab.checks) {
        const key = `${lab.id}::${check.id}`;
        const stat = stats.get(key) ?? { lab: `${lab.id}-${lab.slug}`, check, failed: 0, graded: 0 };
        stat.graded += 1;
        if (check.status === 'failed' && check.classification === 'wrong-answer') stat.failed += 1;
        stats.set(key, stat);
      }
    }
  }
  return [...stats.values()]
    .filter((stat) => stat.failed > 0)
    .sort(
      (a, b) =>
        b.failed / b.graded - a.failed / a.graded ||
        b.failed - a.failed ||
        a.check.id.localeCompare(b.check.id),
    )
    .slice(0, limit);
}
