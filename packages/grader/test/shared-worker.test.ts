import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverLabs, gradeLab, type LabResult, WarmLabGrader } from '../src/node.ts';
import { scratchCourse, useOneKeptWorker } from './fixture-labs.ts';

// The hostile fixture lab graded with `isolate: false`: one worker runs every test file in turn, so a check
// that hangs (and gets its worker killed) or a file that changes process.env must not cost the other files.
let course: Awaited<ReturnType<typeof scratchCourse>>;
let starter: LabResult;
let regrade: LabResult;
let quick: LabResult | undefined;
let unknown: LabResult | undefined;
let solution: LabResult;

beforeAll(async () => {
  course = await scratchCourse('02-hostile');
  const labDir = join(course.root, 'labs/02-hostile');
  await useOneKeptWorker(labDir);
  // Sorted after tasks.test.ts (a smaller file runs later), so it is still queued when the loop hangs.
  await writeFile(
    join(labDir, 'tests/z-env.test.ts'),
    [
      "import { check } from '@cloudlab/grader';",
      "import { expect } from 'vitest';",
      "process.env.CLOUDLAB_LEAK = (process.env.CLOUDLAB_LEAK ?? '') + 'x';",
      "check('sees no variable left by another file', { points: 1, hint: 'none' }, () => {",
      "  expect(process.env.CLOUDLAB_LEAK).toBe('x');",
      '});',
      '',
    ].join('\n'),
  );
  await writeFile(join(labDir, 'tests/y-env.test.ts'), await readFile(join(labDir, 'tests/z-env.test.ts')));
  const [lab] = await discoverLabs(course.root);
  const warm = await WarmLabGrader.open(lab!, { codeDir: join(labDir, 'starter') });
  try {
    starter = await warm.grade();
    regrade = await warm.grade();
    quick = await warm.gradeAffected([join(labDir, 'starter/tasks.ts')]);
    unknown = await warm.gradeAffected([join(labDir, 'starter/not-imported.ts')]);
  } finally {
    await warm.close();
  }
  solution = await gradeLab(lab!, { variant: 'solution' });
}, 120_000);

afterAll(() => course?.remove());

const titles = (result: LabResult, status: string) =>
  result.checks.filter((check) => check.status === status).map((check) => check.title);

describe('a lab graded in one shared worker (isolate: false)', () => {
  it('still stops a synchronous infinite loop and grades every other file of the lab', () => {
    expect(starter.checks.find((check) => check.title.startsWith('countDown'))).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('did not finish within 1000 ms'),
    });
    expect(titles(starter, 'passed')).toEqual(
      expect.arrayContaining(['double doubles', 'sees no variable left by another file']),
    );
    expect(starter.checks).toHaveLength(10);
  });

  it('grades the same way again on a warm instance (what watch does on save)', () => {
    const verdicts = (result: LabResult) => result.checks.map((check) => [check.title, check.status]);
    expect(verdicts(regrade)).toEqual(verdicts(starter));
  });

  it('grades first only the test files that import a saved file (watch answers those checks sooner)', () => {
    expect(new Set(quick?.checks.map((check) => check.file))).toEqual(
      new Set(['tests/tasks.test.ts', 'tests/together.test.ts']),
    );
    expect(quick?.checks.find((check) => check.title === 'double doubles')?.status).toBe('passed');
    expect(unknown).toBeUndefined();
  });

  it('gives each test file back the process.env it started with', () => {
    expect(titles(solution, 'failed')).toEqual([]);
    expect([solution.score, solution.maxScore]).toEqual([10, 10]);
  });
});
