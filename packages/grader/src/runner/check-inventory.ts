import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LabInfo } from '../labs/discover-labs.ts';
import { LabSession, type LabSessionOptions } from './lab-session.ts';
import type { Inventory } from './score-lab.ts';

/**
 * The checks of every test file of a lab, collected (imported, not run) against its solution: what a test
 * file would have graded when the student's code breaks its import. Undefined without a solution, or when the
 * code graded is the solution itself.
 */
export async function collectInventory(
  lab: LabInfo,
  codeDir: string,
  options: Omit<LabSessionOptions, 'codeDir'>,
): Promise<Inventory | undefined> {
  const solution = join(lab.dir, 'solution');
  if (!existsSync(solution) || solution === codeDir) return undefined;
  const session = await LabSession.open(lab, { ...options, codeDir: solution });
  try {
    const modules = await session.collect();
    return new Map(
      modules.map((module) => [
        module.moduleId,
        [...module.children.allTests()].map((test) => ({
          fullName: test.fullName,
          meta: test.meta().cloudlab,
        })),
      ]),
    );
  } finally {
    await session.close();
  }
}
