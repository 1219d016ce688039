/**
 * courseRubric collects the labs that can share a Vitest instance in one: the rubric must be the one that
 * collecting each lab on its own gives, byte for byte (a host's points and check list come from it).
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { discoverLabs, type LabInfo } from '@cloudlab/grader/course';
import { canShareVitest } from '@cloudlab/grader/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courseRubric, ExportError } from '../src/index.ts';
import { makeMiniCourse } from './mini-course.ts';

let course: string;
let labs: LabInfo[];

beforeAll(async () => {
  course = await makeMiniCourse({}, { mul: {} });
  // A second test file in lab 01: the course session's files of two labs must each go to their own lab.
  await writeFile(
    join(course, 'labs', '01-mini', 'tests', 'zero.test.ts'),
    "import { check } from '@cloudlab/grader';\nimport { expect } from 'vitest';\nimport { add } from '@lab/math.ts';\ncheck('add keeps zero', { points: 1, hint: 'use +', exercise: 1 }, () => { expect(add(0, 0)).toBe(0); });\n",
  );
  labs = await discoverLabs(course);
});
afterAll(() => rm(course, { recursive: true, force: true }));

describe('courseRubric of labs collected together', () => {
  it('is byte for byte the rubric of each lab collected on its own', async () => {
    expect(labs.map((lab) => [lab.folder, canShareVitest(lab)])).toEqual([
      ['01-mini', true],
      ['02-mul', true],
    ]);
    const together = await courseRubric(labs);
    const alone = [];
    for (const lab of labs) alone.push(...(await courseRubric([lab])));
    expect(JSON.stringify(together, null, 2)).toBe(JSON.stringify(alone, null, 2));
    expect(together.map((rubric) => [rubric.id, rubric.maxScore, rubric.checks.map((c) => c.file)])).toEqual([
      ['01', 6, ['hidden/edge.test.ts', 'tests/math.test.ts', 'tests/zero.test.ts']],
      ['02', 4, ['tests/mul.test.ts']],
    ]);
  });

  it('refuses the lab whose test file does not collect, by its own name', async () => {
    const broken = join(course, 'labs', '02-mul', 'tests', 'broken.test.ts');
    await writeFile(broken, "import { nothing } from './no-such-module.ts';\nnothing();\n");
    try {
      const refusal = courseRubric(labs);
      await expect(refusal).rejects.toThrow(ExportError);
      await expect(refusal).rejects.toThrow(/^lab 02: tests\/broken\.test\.ts does not collect/);
    } finally {
      await rm(broken);
    }
  });
});
