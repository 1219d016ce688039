import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cloudlab, type ScratchCourse, scratchCourse } from './student-course.ts';

let course: ScratchCourse;
beforeAll(async () => {
  course = await scratchCourse(['01-basics']);
  // Two more test files whose checks interleave with math.test.ts's exercises 1 and 2, declared out of order.
  const file = (checks: [title: string, exercise: number][]) =>
    [
      "import { check } from '@cloudlab/grader';",
      ...checks.map(
        ([title, exercise]) =>
          `check(${JSON.stringify(title)}, { points: 1, hint: 'h', exercise: ${exercise} }, () => {});`,
      ),
      '',
    ].join('\n');
  await writeFile(
    course.lab('01-basics', 'tests/a-later.test.ts'),
    file([
      ['a: exercise 2, first in its file', 2],
      ['a: exercise 1', 1],
    ]),
  );
  await writeFile(
    course.lab('01-basics', 'tests/z-early.test.ts'),
    file([
      ['z: exercise 1, first in its file', 1],
      ['z: exercise 1, second in its file', 1],
    ]),
  );
}, 60_000);
afterAll(() => course.remove());

it('lists the checks in exercise order, then file, then declaration, the same on every run', {
  timeout: 300_000,
}, () => {
  const titles = () => {
    const run = cloudlab(course.root, ['grade', '01', '--json']);
    expect(run.stdout, run.stderr).toMatch(/^\{/);
    return JSON.parse(run.stdout).labs[0].checks.map((check: { title: string }) => check.title);
  };
  const expected = [
    'a: exercise 1',
    'add returns the sum of two numbers',
    'z: exercise 1, first in its file',
    'z: exercise 1, second in its file',
    'a: exercise 2, first in its file',
    'greet says hello to the learner by name',
  ];
  for (let run = 0; run < 3; run++) expect(titles()).toEqual(expected);
});
