/**
 * The Gradescope export, run the way Gradescope runs it: unzip into <autograder>/source, put a learner's
 * submission in <autograder>/submission, run `run_autograder`, read <autograder>/results/results.json.
 * setup.sh is not run (it installs Node from the network): the course's node_modules are linked instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { GradescopeResults } from '@cloudlab/grader/course';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl, { type Entry } from 'yauzl';
import { exportGradescope } from '../src/index.ts';
import { safeUnzip } from '../src/submissions/safe-unzip.ts';

const repo = resolve(import.meta.dirname, '../../..');
const LAB = '01-managed-credentials';
let work: string;
let zip: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cloudlab-gradescope-'));
  zip = (await exportGradescope(repo, join(work, 'autograder.zip'), ['01'])).zip;
});
afterAll(() => rm(work, { recursive: true, force: true }));

function zipEntries(path: string): Promise<Entry[]> {
  return new Promise((done, fail) =>
    yauzl.open(path, { lazyEntries: false }, (error, file) => {
      if (error) return fail(error);
      const entries: Entry[] = [];
      file.on('entry', (entry: Entry) => entries.push(entry));
      file.on('end', () => done(entries));
      file.on('error', fail);
    }),
  );
}

/** Links every node_modules folder of the repository into the unpacked copy (what setup.sh would install). */
async function linkInstalledPackages(course: string): Promise<void> {
  const folders = [
    '.',
    'bench',
    ...(await readdir(join(repo, 'packages'))).map((p) => `packages/${p}`),
    ...(await readdir(join(repo, 'labs'))).map((l) => `labs/${l}`),
  ];
  for (const folder of folders) {
    const from = join(repo, folder, 'node_modules');
    if (existsSync(from) && existsSync(join(course, folder)))
      await symlink(from, join(course, folder, 'node_modules'), 'dir');
  }
}

describe('cloudlab export gradescope', () => {
  it('zips setup.sh and run_autograder (executable) beside the course, without any lab’s solution/', async () => {
    const entries = await zipEntries(zip);
    const names = entries.map((entry) => entry.fileName);
    const mode = (name: string) =>
      (entries.find((entry) => entry.fileName === name)!.externalFileAttributes >>> 16) & 0o777;
    expect(mode('setup.sh')).toBe(0o755);
    expect(mode('run_autograder')).toBe(0o755);
    expect(names).toContain(`cloudlab/labs/${LAB}/tests/whoami.test.ts`);
    expect(names.filter((name) => /^cloudlab\/labs\/[^/]+\/solution\//.test(name))).toEqual([]);
  });

  it('run_autograder grades a submission with the embedded emulator and writes a valid results.json', async () => {
    const autograder = join(work, 'autograder');
    await safeUnzip(zip, join(autograder, 'source'));
    await linkInstalledPackages(join(autograder, 'source', 'cloudlab'));
    await cp(join(repo, 'labs', LAB, 'solution'), join(autograder, 'submission', LAB), { recursive: true });

    const run = spawnSync('bash', [join(autograder, 'source', 'run_autograder')], {
      encoding: 'utf8',
      timeout: 400_000,
      env: {
        PATH: process.env.PATH,
        HOME: work,
        CLOUDLAB_AUTOGRADER_DIR: autograder,
        AWS_PROFILE: 'should-be-ignored',
      },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`graded ${LAB} from ${LAB}`);
    const results = JSON.parse(
      await readFile(join(autograder, 'results', 'results.json'), 'utf8'),
    ) as GradescopeResults;
    expect(results.tests.length).toBeGreaterThan(10);
    for (const test of results.tests) {
      expect(test).toMatchObject({
        name: expect.stringContaining('Lab 01'),
        score: expect.any(Number),
        max_score: expect.any(Number),
      });
      expect(['passed', 'failed']).toContain(test.status);
    }
    expect(results.max_score).toBe(results.tests.reduce((sum, test) => sum + test.max_score, 0));
    expect(results.score / results.max_score).toBeGreaterThanOrEqual(0.9);
  });

  it('writes a zero-score results.json that says why when the grader cannot run', async () => {
    const autograder = join(work, 'broken');
    await mkdir(join(autograder, 'source', 'cloudlab'), { recursive: true });
    await safeUnzip(zip, join(work, 'unpacked-again'));
    const run = spawnSync('bash', [join(work, 'unpacked-again', 'run_autograder')], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: work, CLOUDLAB_AUTOGRADER_DIR: autograder },
    });
    expect(run.status).toBe(0);
    const results = JSON.parse(
      await readFile(join(autograder, 'results', 'results.json'), 'utf8'),
    ) as GradescopeResults;
    expect(results.score).toBe(0);
    expect(results.output).toContain('could not run');
  });
});
