/**
 * The Classroom 50 export, run the way Classroom 50's runner runs it: autograder.py from the assignment's
 * bundle, started in the student's checkout with the runner's environment, must leave ./result.json
 * (classroom50/result/v1). The bundle's install step is replaced by links to this repository's packages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverLabs } from '@cloudlab/grader/course';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courseRubric, ExportError, exportClassroom50, type LabRubric } from '../src/index.ts';
import { linkInstalledPackages, repo } from './host-course.ts';
import {
  classroom50Result,
  classroom50ResultRules,
  classroom50Runtime,
  schemaErrors,
} from './host-schemas.ts';

const LAB = '01-managed-credentials';
const hasPython = spawnSync('python3', ['--version']).status === 0;
let work: string;
let out: string;
let rubric: LabRubric[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cloudlab-classroom50-'));
  rubric = await courseRubric((await discoverLabs(repo)).filter((lab) => lab.folder === LAB));
  out = (await exportClassroom50(repo, join(work, 'export'), rubric, 'aws-labs')).dir;
  await linkInstalledPackages(join(out, 'autograders', 'aws-labs', 'cloudlab'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.includes('/node_modules/'));
}

/** A student checkout (the course's student copy) whose lab holds `variant`; runs autograder.py in it. */
async function grade(variant: 'solution' | 'starter') {
  const checkout = join(work, `checkout-${variant}`);
  await cp(join(repo, 'labs', LAB, variant), join(checkout, 'labs', LAB, 'starter'), { recursive: true });
  const run = spawnSync('python3', [join(out, 'autograders', 'aws-labs', 'autograder.py')], {
    cwd: checkout,
    encoding: 'utf8',
    timeout: 400_000,
    env: {
      PATH: process.env.PATH,
      HOME: work,
      CLASSROOM: 'cloud-fall-2026',
      ASSIGNMENT: 'aws-labs',
      ASSIGNMENT_TYPE: 'individual',
      OWNER: 'alice',
      SUBMISSION_TAG: 'submit/2026-12-03T10-00-00Z-a1b2c3d',
      COMMIT_URL: 'https://github.com/cloud-fall-2026/aws-labs-alice/commit/a1b2c3d',
      RELEASE_URL: 'https://github.com/cloud-fall-2026/aws-labs-alice/releases/tag/submit%2Fx',
      AWS_ACCESS_KEY_ID: 'AKIASHOULDBEIGNORED0',
    },
  });
  const result = existsSync(join(checkout, 'result.json'))
    ? JSON.parse(await readFile(join(checkout, 'result.json'), 'utf8'))
    : undefined;
  return { run, result };
}

describe('cloudlab export classroom50', () => {
  it("writes the assignment's autograder bundle and a Node 24 runtime block, without solutions or hidden checks", async () => {
    const bundle = join(out, 'autograders', 'aws-labs');
    expect(existsSync(join(bundle, 'autograder.py'))).toBe(true);
    expect(existsSync(join(bundle, 'cloudlab', 'labs', LAB, 'tests', 'whoami.test.ts'))).toBe(true);
    const course = join(bundle, 'cloudlab');
    const files = (await filesUnder(course)).map((file) => file.slice(course.length + 1));
    expect(files).toContain(`labs/${LAB}/starter/whoami.ts`);
    expect(files.filter((file) => /^labs\/[^/]+\/(solution|hidden)\//.test(file))).toEqual([]);
    const runtime = JSON.parse(await readFile(join(out, 'runtime.json'), 'utf8'));
    expect(schemaErrors(classroom50Runtime, runtime)).toEqual([]);
    expect(runtime.node).toBe('24');
    const points = JSON.parse(await readFile(join(bundle, 'rubric.json'), 'utf8')).labs[0].checks.map(
      (check: { points: number }) => check.points,
    );
    expect(points.reduce((a: number, b: number) => a + b, 0)).toBe(rubric[0]!.maxScore);
  });

  it.runIf(hasPython)(
    'grades a solution to full marks in a result.json that Classroom 50 accepts',
    async () => {
      const { run, result } = await grade('solution');
      expect(run.status, run.stderr).toBe(0);
      expect(schemaErrors(classroom50Result, result)).toEqual([]);
      expect(classroom50ResultRules(result)).toEqual([]);
      expect(result).toMatchObject({
        classroom: 'cloud-fall-2026',
        assignment: 'aws-labs',
        owner: 'alice',
        submission: 'submit/2026-12-03T10-00-00Z-a1b2c3d',
        review: 'https://github.com/cloud-fall-2026/aws-labs-alice/commit/a1b2c3d',
        score: rubric[0]!.maxScore,
        'max-score': rubric[0]!.maxScore,
      });
      expect(result.tests).toHaveLength(rubric[0]!.checks.length);
      expect(result.tests.every((test: { passed: boolean }) => test.passed)).toBe(true);
    },
  );

  it.runIf(hasPython)('grades a starter to 0 with every check failed and why', async () => {
    const { run, result } = await grade('starter');
    expect(run.status, run.stderr).toBe(0);
    expect(schemaErrors(classroom50Result, result)).toEqual([]);
    expect(classroom50ResultRules(result)).toEqual([]);
    expect(result.score).toBe(0);
    expect(result['max-score']).toBe(rubric[0]!.maxScore);
    // Every check worth points fails and says why; the typecheck (0 points) passes for a starter as for any
    // code that compiles (docs/lab-format.md, "The typecheck").
    const scored = result.tests.filter((test: { 'max-score': number }) => test['max-score'] > 0);
    expect(scored.length).toBeGreaterThan(0);
    for (const test of scored) {
      expect(test.passed).toBe(false);
      expect(test.output).toEqual(expect.any(String));
    }
  });

  it('refuses an --out that exists and an assignment name that is not a slug, writing nothing', async () => {
    const taken = join(work, 'taken');
    await mkdir(taken);
    await expect(exportClassroom50(repo, taken, rubric, 'aws-labs')).rejects.toThrow(ExportError);
    expect(await readdir(taken)).toEqual([]);
    const fresh = join(work, 'fresh');
    await expect(exportClassroom50(repo, fresh, rubric, 'AWS Labs')).rejects.toThrow(
      /not an assignment slug/,
    );
    expect(existsSync(fresh)).toBe(false);
    expect((await readdir(work)).filter((name) => name.includes('partial'))).toEqual([]);
  });
});
