import type { LabResult } from '@cloudlab/grader/course';

/** A lab the grading child never finished (killed by the timer, out of memory, crashed): no points, a reason. */
export function unfinishedLab(folder: string, reason: string): LabResult {
  const [, id = folder, slug = folder] = /^(\d{2})-(.+)$/.exec(folder) ?? [];
  return {
    id,
    slug,
    title: folder,
    codeDir: '',
    status: 'error',
    score: 0,
    maxScore: 0,
    checks: [],
    integrity: { status: 'unverified', changed: [], added: [], missing: [] },
    errors: [reason],
    durationMs: 0,
  };
}
