import type { LabInfo, LabResult } from '@cloudlab/grader/course';

/** A lab the grading child never finished (killed by the timer, out of memory, crashed): no points, a reason. */
export function unfinishedLab(folder: string, reason: string): LabResult {
  const [, id = folder, slug = folder] = /^(\d{2})-(.+)$/.exec(folder) ?? [];
  return labError({ id, slug, title: folder }, reason);
}

/** A lab the grading child could not grade (not handed in, or its Vitest would not start): no points, a reason. */
export function labError(lab: Pick<LabInfo, 'id' | 'slug' | 'title'>, reason: string): LabResult {
  return {
    id: lab.id,
    slug: lab.slug,
    title: lab.title,
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

/** Who a failure note is about: a lab, the labs of one run (any of them may have caused it), or the grading. */
export function failedLabsName(unfinished: string[] | undefined): string {
  if (!unfinished || unfinished.length === 0) return 'grading';
  if (unfinished.length === 1) return unfinished[0]!;
  return `${unfinished.slice(0, -1).join(', ')} or ${unfinished.at(-1)} (graded in one run)`;
}
