import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { awsGrading } from '@cloudlab/aws-session/grading';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  discoverLabs,
  gradeLab,
  gradeLabs,
  type LabInfo,
  type RunResult,
  resolveLab,
  writeTestManifest,
} from '../src/node.ts';
import { OUTPUT_CAP_BYTES } from '../src/runner/output-capture.ts';
import { FIXTURES, scratchCourse } from './fixture-labs.ts';

let labs: LabInfo[];
let starter: RunResult;

const lab = (run: RunResult, id: string) => run.labs.find((candidate) => candidate.id === id)!;
const checkOf = (run: RunResult, id: string, title: string) =>
  lab(run, id).checks.find((check) => check.title.startsWith(title))!;

beforeAll(async () => {
  labs = await discoverLabs(FIXTURES);
  starter = await gradeLabs(labs, { variant: 'starter', failureClassifiers: awsGrading.failureClassifiers });
}, 120_000);

describe('grading the reference solutions', () => {
  it('gives full marks to a correct solution', async () => {
    const run = await gradeLabs([resolveLab(labs, '01'), resolveLab(labs, 'hostile')], {
      variant: 'solution',
    });
    expect(run.labs.map((result) => [result.status, result.score, result.maxScore])).toEqual([
      ['passed', 5, 5],
      ['passed', 8, 8],
    ]);
    expect(run.incomplete).toBe(false);
  }, 60_000);
});

describe('grading the starters', () => {
  it('writes one versioned result for the whole run', () => {
    expect(starter.schemaVersion).toBe(1);
    expect(starter.labs.map((result) => result.id)).toEqual(['01', '02', '03', '04', '05']);
  });

  it('gives partial credit and points at the student file and line of the failure', () => {
    const basics = lab(starter, '01');
    expect([basics.status, basics.score, basics.maxScore]).toEqual(['failed', 2, 5]);
    const greet = checkOf(starter, '01', 'greet');
    expect(greet).toMatchObject({
      status: 'failed',
      classification: 'wrong-answer',
      message: 'TODO(2): Greet a learner — see README.md, exercise 2',
      location: { file: 'starter/math.ts', line: 6 },
      hints: ['Return a string.', 'Use a template literal with the name inside.'],
      exercise: 2,
      concept: 'strings',
    });
  });

  it('stops a synchronous infinite loop and still grades the other checks of its file', () => {
    expect(checkOf(starter, '02', 'countDown')).toMatchObject({
      status: 'failed',
      classification: 'wrong-answer',
      message: expect.stringContaining('did not finish within 1000 ms'),
    });
    expect(checkOf(starter, '02', 'double').status).toBe('passed');
  });

  it('fails every check of a concurrent group that was running when one of them blocked the worker', () => {
    for (const title of ['together: countDown', 'together: double']) {
      expect(checkOf(starter, '02', title)).toMatchObject({
        status: 'failed',
        message: expect.stringContaining('did not finish within 1000 ms'),
      });
    }
  });

  it('fails a check whose code calls process.exit, with the line that called it', () => {
    expect(checkOf(starter, '02', 'finish')).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('process.exit unexpectedly called with "3"'),
      location: { file: 'starter/tasks.ts', line: 11 },
    });
  });

  it('fails a check that leaves an unhandled rejection behind, even though its assertion passed', () => {
    expect(checkOf(starter, '02', 'work')).toMatchObject({
      status: 'failed',
      classification: 'wrong-answer',
      message: expect.stringMatching(/unhandled error behind: forgot to await this/),
    });
  });

  it('caps the captured output of a check that floods the console', () => {
    const report = checkOf(starter, '02', 'report');
    expect(report.status).toBe('failed');
    expect(report.message).toBe("expected 'ko' to be 'ok' // Object.is equality");
    expect(Buffer.byteLength(report.output!)).toBeLessThan(OUTPUT_CAP_BYTES + 100);
    expect(report.output).toMatch(/more output cut\]$/);
  });

  it('reports a thrown non-Error value in one line', () => {
    expect(checkOf(starter, '02', 'parse').message).toBe(
      'threw a non-Error value: {"reason":"cannot parse 12"}',
    );
  });

  it('fails every check of a file whose starter does not compile, counting their points from the solution', () => {
    const broken = lab(starter, '03');
    expect([broken.score, broken.maxScore, broken.checks.length]).toEqual([0, 3, 2]);
    for (const check of broken.checks) {
      expect(check).toMatchObject({
        status: 'failed',
        classification: 'wrong-answer',
        location: { file: 'starter/shout.ts', line: 3 },
        message: expect.stringContaining('your code does not load'),
      });
    }
  });

  it("fails the checks of a file the learner left out as the learner's, naming the file, not as a broken course", async () => {
    // A submission without math.ts: the tests' `@lab/math.ts` has nothing to resolve to.
    const dir = join(FIXTURES, `.tmp-missing-${process.pid}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'notes.ts'), 'export const notes = 1;\n');
    try {
      const result = await gradeLab(resolveLab(labs, '01'), {
        variant: 'dir',
        dir,
        failureClassifiers: awsGrading.failureClassifiers,
      });
      expect(result.checks.length, JSON.stringify([result.status, result.errors])).toBeGreaterThan(0);
      for (const check of result.checks) {
        expect(check).toMatchObject({
          status: 'failed',
          classification: 'wrong-answer',
          message: expect.stringContaining('your code has no math.ts'),
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('classifies a refused connection and throttling as environment failures that cost no credibility', () => {
    expect(checkOf(starter, '04', 'ping')).toMatchObject({
      classification: 'environment',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    expect(checkOf(starter, '04', 'listBuckets')).toMatchObject({
      classification: 'environment',
      message: expect.stringContaining('ThrottlingException'),
    });
    expect(checkOf(starter, '04', 'bucketName').classification).toBe('wrong-answer');
    expect(lab(starter, '04').status).toBe('incomplete');
    expect(starter.incomplete).toBe(true);
  });

  it('fails the checks whose setup (a beforeAll) failed with that error, not as silently skipped', () => {
    expect(checkOf(starter, '04', 'with a seeded bucket')).toMatchObject({
      status: 'failed',
      points: 0,
      classification: 'environment',
      message: expect.stringMatching(/^not run: the setup of tests\/seeded\.test\.ts failed: .*ECONNREFUSED/),
    });
  });

  it('says clearly when a lab has no tests', () => {
    const empty = lab(starter, '05');
    expect(empty.status).toBe('error');
    expect(empty.errors).toEqual([expect.stringContaining('lab 05 has no tests')]);
  });
});

describe('grading edge cases', () => {
  it('says how to restore a missing starter folder', async () => {
    const course = await scratchCourse('01-basics');
    try {
      await rm(join(course.root, 'labs/01-basics/starter'), { recursive: true });
      const [basics] = await discoverLabs(course.root);
      const result = await gradeLab(basics!, { variant: 'starter' });
      expect(result.status).toBe('error');
      expect(result.errors[0]).toMatch(/starter does not exist — run `cloudlab reset 01` to restore it/);
    } finally {
      await course.remove();
    }
  });

  it('grades a submission folder given in place of the starter', async () => {
    const result = await gradeLab(resolveLab(labs, '01'), {
      variant: 'dir',
      dir: join(FIXTURES, 'labs/01-basics/solution'),
    });
    expect([result.status, result.score]).toEqual(['passed', 5]);
  }, 30_000);

  it('marks a run whose test files differ from the manifest as tampered', async () => {
    const course = await scratchCourse('01-basics');
    try {
      const labDir = join(course.root, 'labs/01-basics');
      await writeTestManifest(labDir);
      const [basics] = await discoverLabs(course.root);
      expect((await gradeLab(basics!, { variant: 'solution' })).integrity.status).toBe('verified');
      await writeFile(
        join(labDir, 'tests/math.test.ts'),
        "import { check } from '@cloudlab/grader';\ncheck('free points', { points: 5, hint: 'none' }, () => {});\n",
      );
      const result = await gradeLab(basics!, { variant: 'starter' });
      expect(result.integrity).toEqual({
        status: 'tampered',
        changed: ['tests/math.test.ts'],
        added: [],
        missing: [],
      });
      const run = await gradeLabs([basics!], { variant: 'starter' });
      expect(run.tampered).toBe(true);
    } finally {
      await course.remove();
    }
  }, 60_000);
});
