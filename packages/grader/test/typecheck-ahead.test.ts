/**
 * The typecheck started ahead by the grading process: the check awaits that run's answer for its own folder,
 * and a run after a save never gets the answer for the code before it.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverLabs, type LabResult, WarmLabGrader } from '../src/node.ts';
import { typecheckFolder } from '../src/runtime/tsc-diagnostics.ts';
import {
  clearTypecheckAhead,
  diagnosticsAhead,
  startTypecheckAhead,
} from '../src/runtime/typecheck-ahead.ts';
import { WATCHDOG_DIR_ENV } from '../src/runtime/watchdog.ts';
import { scratchCourse } from './fixture-labs.ts';

const LAB03 = join(import.meta.dirname, '..', '..', '..', 'labs', '03-parameter-store');
const TITLE = 'your code typechecks (tsc --noEmit)';

describe('the answer handed from the grading process to the check', () => {
  let runDir: string;
  let submission: string;
  beforeAll(async () => {
    runDir = await mkdtemp(join(tmpdir(), 'cloudlab-ahead-run-'));
    submission = await mkdtemp(join(tmpdir(), 'cloudlab-ahead-code-'));
    await cp(join(LAB03, 'solution'), submission, { recursive: true });
    const file = join(submission, 'read-parameter.ts');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('parameter?.Value ??', 'parameter?.Valu ??'),
    );
  });
  afterAll(async () => {
    delete process.env[WATCHDOG_DIR_ENV];
    await rm(runDir, { recursive: true, force: true });
    await rm(submission, { recursive: true, force: true });
  });

  it("is tsc's own answer for the run's folder, awaited; other folders get none", {
    timeout: 180_000,
  }, async () => {
    process.env[WATCHDOG_DIR_ENV] = runDir;
    const ahead = await startTypecheckAhead(runDir, [{ labDir: LAB03, codeDir: submission }]);
    // Asked before tsc has answered: the check waits for it.
    const handed = await diagnosticsAhead(LAB03, submission, 170_000);
    await ahead.done;
    expect(handed?.map((error) => error.code)).toEqual(['TS2551']);
    expect(handed).toEqual(await typecheckFolder(LAB03, submission));
    expect(await diagnosticsAhead(LAB03, join(LAB03, 'solution'), 1_000)).toBeUndefined();
    await clearTypecheckAhead(runDir);
    expect(await diagnosticsAhead(LAB03, submission, 1_000)).toBeUndefined();
  });
});

describe('a watched lab: each run typechecks the code of that run', () => {
  const TYPECHECK_TEST =
    "import { join } from 'node:path';\nimport { typecheckCheck } from '@cloudlab/grader';\n\ntypecheckCheck(join(import.meta.dirname, '..'), process.env.CLOUDLAB_LAB_DIR);\n";
  let course: Awaited<ReturnType<typeof scratchCourse>>;
  const runs: LabResult[] = [];

  beforeAll(async () => {
    course = await scratchCourse('01-basics');
    const labDir = join(course.root, 'labs', '01-basics');
    await writeFile(join(labDir, 'tests', 'typecheck.test.ts'), TYPECHECK_TEST);
    const base = join(import.meta.dirname, '..', '..', '..', 'tsconfig.base.json');
    await writeFile(join(labDir, 'tsconfig.json'), JSON.stringify({ extends: base }));
    const math = join(labDir, 'starter', 'math.ts');
    const code = await readFile(math, 'utf8');
    const broken = code.replace('  return a + b;', '  const sum: string = a + b;\n  return Number(sum);');
    await writeFile(math, broken);
    const [lab] = await discoverLabs(course.root);
    const grader = await WarmLabGrader.open(lab!, { codeDir: join(labDir, 'starter') });
    try {
      runs.push(await grader.grade());
      await writeFile(math, code);
      runs.push(await grader.grade([math]));
      await writeFile(
        math,
        code.replace('(a: number, b: number): number', '(a: number, b: number): boolean'),
      );
      runs.push(await grader.grade([math]));
    } finally {
      await grader.close();
    }
  }, 300_000);
  afterAll(() => course?.remove());

  it('fails, passes after the fix, and fails again at the new error', () => {
    const typecheck = runs.map((run) => run.checks.find((check) => check.title === TITLE));
    expect(typecheck.map((check) => check?.status)).toEqual(['failed', 'passed', 'failed']);
    expect(typecheck[0]?.message).toMatch(/^tsc: starter\/math\.ts:2:\d+ TS2322 /);
    expect(typecheck[2]?.message).toMatch(
      /^tsc: starter\/math\.ts:2:\d+ TS2322 Type 'number' is not assignable to type 'boolean'/,
    );
  });
});
