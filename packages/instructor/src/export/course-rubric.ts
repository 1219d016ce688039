import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LabInfo } from '@cloudlab/grader/course';

/**
 * Each lab's full marks, from its checks' points: the suite is collected (imported, not run) against the
 * solution. GitHub Classroom needs the number up front for each lab's `max-score`.
 */
export async function labMaxScores(labs: readonly LabInfo[]): Promise<Map<string, number>> {
  const { LabSession } = await import('@cloudlab/grader/node');
  const scores = new Map<string, number>();
  for (const lab of labs) {
    const solution = join(lab.dir, 'solution');
    const session = await LabSession.open(lab, {
      codeDir: existsSync(solution) ? solution : join(lab.dir, 'starter'),
    });
    try {
      const modules = await session.collect();
      const points = modules
        .flatMap((module) => [...module.children.allTests()])
        .reduce((sum, test) => sum + (test.meta().cloudlab?.points ?? 0), 0);
      scores.set(lab.folder, points);
    } finally {
      await session.close();
    }
  }
  return scores;
}
