import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LabInfo } from '@cloudlab/grader/course';
import { ExportError } from './export-error.ts';

export interface RubricCheck {
  title: string;
  /** The test file, relative to the lab (`tests/…` or `hidden/…`). */
  file: string;
  points: number;
  concept?: string;
  exercise?: number;
}

export interface LabRubric {
  id: string;
  folder: string;
  title: string;
  checks: RubricCheck[];
  maxScore: number;
}

/**
 * Each lab's checks and points, from its suite collected (imported, not run) against the solution — no
 * learner code loaded. A host needs the numbers up front (Classroom 50's points, PrairieLearn's maximum);
 * a suite that does not collect is refused here, before anything is written.
 */
export async function courseRubric(labs: readonly LabInfo[]): Promise<LabRubric[]> {
  const { LabSession } = await import('@cloudlab/grader/node');
  const rubrics: LabRubric[] = [];
  for (const lab of labs) {
    const solution = join(lab.dir, 'solution');
    const session = await LabSession.open(lab, {
      codeDir: existsSync(solution) ? solution : join(lab.dir, 'starter'),
    });
    try {
      const modules = await session.collect();
      const broken = modules.find((module) => module.errors().length > 0);
      if (broken) {
        const message = broken.errors()[0]?.message?.split('\n')[0] ?? 'it does not load';
        throw new ExportError(
          `lab ${lab.id}: ${relative(lab.dir, broken.moduleId)} does not collect (${message}) — fix it (\`cloudlab dev check ${lab.id}\`), then export again`,
        );
      }
      const checks = modules.flatMap((module) =>
        [...module.children.allTests()].map((test): RubricCheck => {
          const meta = test.meta().cloudlab;
          return {
            title: test.fullName,
            file: relative(lab.dir, module.moduleId),
            points: meta?.points ?? 0,
            ...(meta?.concept ? { concept: meta.concept } : {}),
            ...(meta?.exercise !== undefined ? { exercise: meta.exercise } : {}),
          };
        }),
      );
      if (checks.length === 0) {
        throw new ExportError(
          `lab ${lab.id} has no checks to grade — add tests under ${lab.folder}/tests/, then export again`,
        );
      }
      const maxScore = checks.reduce((sum, check) => sum + check.points, 0);
      rubrics.push({ id: lab.id, folder: lab.folder, title: lab.title, checks, maxScore });
    } finally {
      await session.close();
    }
  }
  return rubrics;
}
