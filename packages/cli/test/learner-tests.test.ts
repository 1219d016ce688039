import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudlab, type ScratchCourse, scratchCourse } from './student-course.ts';

let course: ScratchCourse;
beforeAll(async () => {
  course = await scratchCourse(['01-basics']);
}, 60_000);
afterAll(() => course.remove());

describe('cloudlab test', { timeout: 180_000 }, () => {
  it('says where to write a test when the learner has none', () => {
    const run = cloudlab(course.root, ['test', '01']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no tests of yours in labs/01-basics/starter');
  });

  it("runs the learner's own tests beside their code, not the course's checks, and exits 1 when one fails", async () => {
    await writeFile(
      course.lab('01-basics', 'starter', 'math.test.ts'),
      [
        "import { expect, it } from 'vitest';",
        "import { add, greet } from './math.ts';",
        "it('adds', () => expect(add(1, 2)).toBe(3));",
        "it('greets', () => expect(greet('Ada')).toBe('Hello, Ada!'));",
        '',
      ].join('\n'),
    );
    const run = cloudlab(course.root, ['test', '01']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('math.test.ts');
    expect(run.stdout).toMatch(/1 failed.*1 passed|1 passed.*1 failed/s);
    // The course's check titles never appear: tests/ is the grader's.
    expect(run.stdout).not.toContain('add returns the sum of two numbers');
  });

  it('runs tests in a --dir outside the course, whose imports resolve from the lab as they do in starter/', async () => {
    const submission = await mkdtemp(join(tmpdir(), 'cloudlab-learner-'));
    try {
      await cp(course.lab('01-basics', 'starter'), submission, {
        recursive: true,
        filter: (path) => !path.endsWith('.test.ts'),
      });
      // picocolors is one of the course's packages, not the submission's: no node_modules out here.
      await writeFile(
        join(submission, 'colors.test.ts'),
        "import pc from 'picocolors';\nimport { expect, it } from 'vitest';\nit('colors', () => expect(pc.bold('x')).toContain('x'));\n",
      );
      const run = cloudlab(course.root, ['test', '01', '--dir', submission]);
      expect(run.stdout + run.stderr).not.toContain('Cannot find package');
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/1 passed/);
    } finally {
      await rm(submission, { recursive: true, force: true });
    }
  });
});
