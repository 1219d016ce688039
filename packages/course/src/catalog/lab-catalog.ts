import type { LabInfo } from '@cloudlab/grader/course';

/**
 * The course's one lab catalogue is the grader's `discoverLabs` (labs/NN-slug/lab.ts, validated by
 * defineLab's rules): grading needs it and this package depends on the grader, never the other way round.
 * lab.ts is TypeScript: callers run under tsx or Vitest.
 */
export { discoverLabs, type LabInfo, LabNotFoundError, resolveLab } from '@cloudlab/grader/course';

/** Exercise number → title, as the starter transform names each TODO. */
export function exerciseTitles(lab: Pick<LabInfo, 'definition'>): Map<number, string> {
  return new Map(lab.definition.exercises.map((exercise) => [exercise.n, exercise.title]));
}
