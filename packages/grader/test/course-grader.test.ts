import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseGrader, canShareVitest, discoverLabs, gradeLab, type LabResult } from '../src/node.ts';
import { scratchCourse } from './fixture-labs.ts';

// Two fixture labs graded in one Vitest instance and one shared worker: each lab's `@lab/` imports its own
// code, a hung check in one lab costs nothing in the other, and each lab scores as it would on its own.
const SHAREABLE =
  "import { defineLabConfig } from '@cloudlab/grader/vitest';\n\n// One worker.\nexport default defineLabConfig(import.meta.dirname, { isolate: false });\n";

let course: Awaited<ReturnType<typeof scratchCourse>>;
let together: LabResult[];
let alone: LabResult[];
let again: LabResult[];
const stopped: { fullName: string; timeoutMs: number }[] = [];

beforeAll(async () => {
  course = await scratchCourse('01-basics', '02-hostile');
  for (const folder of ['01-basics', '02-hostile']) {
    const labDir = join(course.root, 'labs', folder);
    await writeFile(join(labDir, 'vitest.config.ts'), SHAREABLE);
    // Read at import, as lab 05's support code does: in a course run it must still name this lab's folder.
    await writeFile(
      join(labDir, 'tests/lab-dir.test.ts'),
      [
        "import { check } from '@cloudlab/grader';",
        "import { expect } from 'vitest';",
        'const codeDir = process.env.CLOUDLAB_LAB_DIR;',
        `check('sees its own code folder', { points: 1, hint: 'none' }, () => {`,
        `  expect(codeDir).toBe(${JSON.stringify(join(labDir, 'starter'))});`,
        '});',
        '',
      ].join('\n'),
    );
  }
  const labs = await discoverLabs(course.root);
  const entries = labs.map((lab) => ({ lab, codeDir: join(lab.dir, 'starter') }));
  const grader = await CourseGrader.open(entries, { onCheckStopped: (check) => stopped.push(check) });
  try {
    together = await grader.grade();
    again = await grader.grade();
  } finally {
    await grader.close();
  }
  alone = [];
  for (const lab of labs) alone.push(await gradeLab(lab, { variant: 'starter' }));
}, 180_000);

afterAll(() => course?.remove());

const verdicts = (result: LabResult | undefined) =>
  Object.fromEntries((result?.checks ?? []).map((check) => [check.title, check.status]));

describe('several labs graded in one Vitest instance (CourseGrader)', () => {
  it('scores each lab as it scores on its own', () => {
    expect(together.map((result) => result.id)).toEqual(['01', '02']);
    for (const [index, result] of together.entries()) {
      expect(verdicts(result)).toEqual(verdicts(alone[index]));
      expect(result.score).toBe(alone[index]?.score);
      expect(result.maxScore).toBe(alone[index]?.maxScore);
    }
  });

  it("resolves each lab's @lab/ imports and CLOUDLAB_LAB_DIR to that lab's own folder", () => {
    expect(together.map((result) => verdicts(result)['sees its own code folder'])).toEqual([
      'passed',
      'passed',
    ]);
    // 01's starter is unsolved and 02's `double` is given: neither lab saw the other's code.
    expect(together[0]?.score).toBeLessThan(together[0]?.maxScore ?? 0);
    expect(verdicts(together[1])['double doubles']).toBe('passed');
  });

  it("stops one lab's infinite loop without costing the other lab anything", () => {
    const hung = together[1]?.checks.find((check) => check.title.startsWith('countDown'));
    expect(hung).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('did not finish within'),
    });
    expect(together[0]?.errors).toEqual([]);
    expect(together[0]?.checks.every((check) => check.classification !== 'harness')).toBe(true);
  });

  it('says which check it stopped as soon as it stops it: the checks failed by the watchdog, no canary', () => {
    const byWatchdog = (result: LabResult | undefined) =>
      (result?.checks ?? [])
        .filter((check) => check.message?.includes('did not finish within'))
        .map((check) => check.title);
    expect(stopped.map((check) => check.fullName).sort()).toEqual(
      [...byWatchdog(together[1]), ...byWatchdog(again[1])].sort(),
    );
    expect(stopped.some((check) => check.fullName.startsWith('countDown'))).toBe(true);
    expect(stopped.every((check) => check.timeoutMs > 0)).toBe(true);
  });

  it('grades the same way again on the warm instance', () => {
    expect(again.map(verdicts)).toEqual(together.map(verdicts));
  });

  it('shares only labs whose Vitest config is the shared-worker one', async () => {
    const [basics] = await discoverLabs(course.root);
    expect(canShareVitest(basics!)).toBe(true);
    await writeFile(
      join(basics!.dir, 'vitest.config.ts'),
      "import { defineLabConfig } from '@cloudlab/grader/vitest';\nexport default defineLabConfig(import.meta.dirname, { isolate: false, globalSetup: false });\n",
    );
    expect(canShareVitest(basics!)).toBe(false);
  });
});
