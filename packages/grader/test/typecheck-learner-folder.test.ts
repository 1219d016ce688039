/**
 * The typecheck check grades the learner's folder on every run path: one lab on its own (grade NN, watch, dev
 * check's variants) and several labs in one worker (grade, batch). The learner's starter has a type error and
 * the solution has none, so a check that typechecked solution/ would pass where it must fail.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CourseGrader, discoverLabs, gradeLab, type LabResult } from '../src/node.ts';
import { scratchCourse } from './fixture-labs.ts';

const TITLE = 'your code typechecks (tsc --noEmit)';
const SHAREABLE =
  "import { defineLabConfig } from '@cloudlab/grader/vitest';\n\nexport default defineLabConfig(import.meta.dirname, { isolate: false });\n";
const TYPECHECK_TEST = [
  "import { join } from 'node:path';",
  "import { typecheckCheck } from '@cloudlab/grader';",
  '',
  "typecheckCheck(join(import.meta.dirname, '..'), process.env.CLOUDLAB_LAB_DIR);",
  '',
].join('\n');
const BASE_TSCONFIG = join(import.meta.dirname, '..', '..', '..', 'tsconfig.base.json');

let course: Awaited<ReturnType<typeof scratchCourse>>;
let together: LabResult[];
let alone: LabResult;

beforeAll(async () => {
  course = await scratchCourse('01-basics');
  const first = join(course.root, 'labs', '01-basics');
  const second = join(course.root, 'labs', '02-basics');
  await cp(first, second, { recursive: true });
  const labTs = join(second, 'lab.ts');
  await writeFile(
    labTs,
    (await readFile(labTs, 'utf8')).replace("id: '01'", "id: '02'").replace("'basics'", "'basics-again'"),
  );
  for (const labDir of [first, second]) {
    await writeFile(join(labDir, 'vitest.config.ts'), SHAREABLE);
    await writeFile(join(labDir, 'tests', 'typecheck.test.ts'), TYPECHECK_TEST);
    await writeFile(join(labDir, 'tsconfig.json'), JSON.stringify({ extends: BASE_TSCONFIG }));
  }
  // Lab 01's learner wrote a type error on line 2; its solution (and lab 02's starter) typecheck.
  await writeFile(
    join(first, 'starter', 'math.ts'),
    (await readFile(join(first, 'starter', 'math.ts'), 'utf8')).replace(
      '  return a + b;',
      '  const sum: string = a + b;\n  return Number(sum);',
    ),
  );
  const labs = await discoverLabs(course.root);
  const grader = await CourseGrader.open(labs.map((lab) => ({ lab, codeDir: join(lab.dir, 'starter') })));
  try {
    together = await grader.grade();
  } finally {
    await grader.close();
  }
  alone = await gradeLab(labs[0]!, { variant: 'starter' });
}, 300_000);

afterAll(() => course?.remove());

const typecheckOf = (result: LabResult | undefined) => result?.checks.find((check) => check.title === TITLE);

it.each([
  ['several labs in one worker (grade, batch)', () => together[0]],
  ['one lab on its own (grade NN, watch, dev check)', () => alone],
])("fails on the learner's type error with tsc's message, file and line: %s", (_path, result) => {
  const check = typecheckOf(result());
  expect(check).toMatchObject({
    status: 'failed',
    location: { file: 'starter/math.ts', line: 2 },
  });
  expect(check?.message).toMatch(
    /^tsc: starter\/math\.ts:2:\d+ TS2322 Type 'number' is not assignable to type 'string'\./,
  );
});

it("passes for the other lab of the same run, whose learner's code typechecks", () => {
  expect(together.map((result) => result.id)).toEqual(['01', '02']);
  expect(typecheckOf(together[1])?.status).toBe('passed');
});
