import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { LabInfo } from '@cloudlab/grader/course';
import type { TestModule } from 'vitest/node';
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
 *
 * The labs whose config lets them share a Vitest instance are collected in one (one Vite server, one worker
 * with the SDK loaded once): the same checks in the same order as lab by lab, at about half the CPU.
 */
export async function courseRubric(labs: readonly LabInfo[]): Promise<LabRubric[]> {
  const { canShareVitest } = await import('@cloudlab/grader/node');
  const together = labs.filter(canShareVitest);
  const shared = together.length > 1 ? await collectTogether(together) : new Map();
  const rubrics: LabRubric[] = [];
  for (const lab of labs) {
    rubrics.push(labRubric(lab, shared.get(lab) ?? (await collectAlone(lab))));
  }
  return rubrics;
}

/** The code a lab's suite is collected against: its solution, or its starter when it has none. */
function codeDirOf(lab: LabInfo): string {
  const solution = join(lab.dir, 'solution');
  return existsSync(solution) ? solution : join(lab.dir, 'starter');
}

async function collectAlone(lab: LabInfo): Promise<readonly TestModule[]> {
  const { LabSession } = await import('@cloudlab/grader/node');
  const session = await LabSession.open(lab, { codeDir: codeDirOf(lab) });
  try {
    return inFileOrder(await session.collect());
  } finally {
    await session.close();
  }
}

/** Several labs collected in one course session (one worker, as a lab's own config has it), split by lab. */
async function collectTogether(labs: readonly LabInfo[]): Promise<Map<LabInfo, readonly TestModule[]>> {
  const { LabSession } = await import('@cloudlab/grader/node');
  const session = await LabSession.openCourse(
    labs.map((lab) => ({ lab, codeDir: codeDirOf(lab) })),
    { maxWorkers: 1 },
  );
  try {
    const modules = inFileOrder(await session.collect());
    return new Map(
      labs.map((lab) => [lab, modules.filter((module) => module.moduleId.startsWith(lab.dir + sep))]),
    );
  } finally {
    await session.close();
  }
}

/** By test file path: the order Vitest reports collected files in can follow which file finished first. */
function inFileOrder(modules: readonly TestModule[]): TestModule[] {
  return [...modules].sort((a, b) => (a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0));
}

function labRubric(lab: LabInfo, modules: readonly TestModule[]): LabRubric {
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
  return { id: lab.id, folder: lab.folder, title: lab.title, checks, maxScore };
}
