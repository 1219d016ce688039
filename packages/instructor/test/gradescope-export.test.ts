/**
 * The Gradescope export, run the way Gradescope runs it: unzip into <autograder>/source, put a learner's
 * submission in <autograder>/submission, run `run_autograder`, read <autograder>/results/results.json.
 * setup.sh is not run (it installs Node from the network): the course's node_modules are linked instead.
 * Run as root (as here and on Gradescope), the learner's code runs as `nobody` for these tests.
 */
import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GradescopeResults } from '@cloudlab/grader/course';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl, { type Entry } from 'yauzl';
import { exportGradescope } from '../src/index.ts';
import { safeUnzip } from '../src/submissions/safe-unzip.ts';
import { linkInstalledPackages, repo } from './host-course.ts';
import { BLOCKS_FOREVER } from './mini-course.ts';

const LAB = '01-managed-credentials';
const TEST_FILE = `labs/${LAB}/tests/whoami.test.ts`;
const asRoot = process.getuid?.() === 0;
let work: string;
let zip: string;
let unpacked: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cloudlab-gradescope-'));
  // The unprivileged learner must be able to reach the course inside this folder.
  await chmod(work, 0o755);
  zip = (await exportGradescope(repo, join(work, 'autograder.zip'), [{ id: '01', folder: LAB }])).zip;
  unpacked = join(work, 'unpacked');
  await safeUnzip(zip, unpacked);
  await linkInstalledPackages(join(unpacked, 'cloudlab'));
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

/** A fresh /autograder for one run: the unpacked zip as source/, the submission, maybe an old results.json. */
async function autograderWith(name: string, submission: Record<string, string>, oldResults?: string) {
  const autograder = join(work, name);
  await cp(unpacked, join(autograder, 'source'), { recursive: true, verbatimSymlinks: true });
  await mkdir(join(autograder, 'submission'), { recursive: true });
  for (const [file, text] of Object.entries(submission)) {
    await mkdir(join(autograder, 'submission', file, '..'), { recursive: true });
    await writeFile(join(autograder, 'submission', file), text);
  }
  if (oldResults !== undefined) {
    await mkdir(join(autograder, 'results'), { recursive: true });
    await writeFile(join(autograder, 'results', 'results.json'), oldResults);
  }
  return autograder;
}

function runAutograder(autograder: string, env: Record<string, string> = {}) {
  const run = spawnSync('bash', [join(autograder, 'source', 'run_autograder')], {
    encoding: 'utf8',
    timeout: 400_000,
    env: {
      PATH: process.env.PATH,
      HOME: work,
      CLOUDLAB_AUTOGRADER_DIR: autograder,
      CLOUDLAB_LEARNER_USER: 'nobody',
      AWS_PROFILE: 'should-be-ignored',
      ...env,
    },
  });
  return { ...run, results: () => readFile(join(autograder, 'results', 'results.json'), 'utf8') };
}

async function labFiles(variant: 'solution' | 'starter', prefix = ''): Promise<Record<string, string>> {
  // Every file of the lab's folder, as a learner hands in their whole starter/.
  const names = (await readdir(join(repo, 'labs', LAB, variant))).filter((name) => name.endsWith('.ts'));
  const entries = await Promise.all(
    names.map(async (name) => [
      `${prefix}${name}`,
      await readFile(join(repo, 'labs', LAB, variant, name), 'utf8'),
    ]),
  );
  return Object.fromEntries(entries);
}

describe('cloudlab export gradescope', () => {
  it('zips setup.sh and run_autograder (executable) beside the course, without any lab’s solution/', async () => {
    const entries = await zipEntries(zip);
    const names = entries.map((entry) => entry.fileName);
    const mode = (name: string) =>
      (entries.find((entry) => entry.fileName === name)!.externalFileAttributes >>> 16) & 0o777;
    expect(mode('setup.sh')).toBe(0o755);
    expect(mode('run_autograder')).toBe(0o755);
    expect(names).toContain(`cloudlab/${TEST_FILE}`);
    expect(names.filter((name) => /^cloudlab\/labs\/[^/]+\/solution\//.test(name))).toEqual([]);
  });

  it('setup.sh installs Node 24 and the pinned pnpm with npm, never corepack', async () => {
    const setup = await readFile(join(unpacked, 'setup.sh'), 'utf8');
    expect(setup).toContain('setup_24.x');
    expect(setup).toMatch(/npm install -g pnpm@10\.34\.8/);
    expect(setup).not.toMatch(/^\s*corepack/m);
    expect(setup).toContain('pnpm install --frozen-lockfile');
  });

  it('grades a one-lab assignment from files at the submission root, as an unprivileged user who cannot write the course and whose processes end with the grader', async () => {
    const probe = join(work, 'probe');
    await mkdir(probe, { recursive: true });
    await chmod(probe, 0o777);
    const solution = await labFiles('solution');
    // The learner's module records who it runs as and tries to rewrite a course test when it is imported.
    const courseTest = join(work, 'solution-run', 'source', 'cloudlab', TEST_FILE);
    solution['whoami.ts'] = `import * as probeFs from 'node:fs';
import * as probeProcess from 'node:child_process';
probeFs.appendFileSync(${JSON.stringify(join(probe, 'log'))}, \`uid \${process.getuid?.()}\\n\`);
// A process of its own session that would outlive the grader, writing the time forever.
probeProcess
  .spawn('sh', ['-c', 'while true; do date +%s%N > ${join(probe, 'alive')}; sleep 0.2; done'], {
    detached: true,
    stdio: 'ignore',
  })
  .unref();
try {
  probeFs.writeFileSync(${JSON.stringify(courseTest)}, '// rewritten');
  probeFs.appendFileSync(${JSON.stringify(join(probe, 'log'))}, 'wrote the course\\n');
} catch (error) {
  probeFs.appendFileSync(${JSON.stringify(join(probe, 'log'))}, \`course \${(error as NodeJS.ErrnoException).code}\\n\`);
}
${solution['whoami.ts']}`;
    const autograder = await autograderWith('solution-run', solution);
    const run = runAutograder(autograder);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`graded ${LAB} from the root of the submission`);
    const results = JSON.parse(await run.results()) as GradescopeResults;
    expect(results.tests.length).toBeGreaterThan(10);
    for (const test of results.tests) {
      expect(test).toMatchObject({
        name: expect.stringContaining('Lab 01'),
        score: expect.any(Number),
        max_score: expect.any(Number),
        tags: expect.arrayContaining(['lab-01']),
      });
      expect(test.status).toBe('passed');
    }
    expect(results.execution_time).toEqual(expect.any(Number));
    expect(results.max_score).toBe(results.tests.reduce((sum, test) => sum + test.max_score, 0));
    expect(results.score).toBe(results.max_score);
    if (asRoot) {
      const log = await readFile(join(probe, 'log'), 'utf8');
      expect(log).toContain('uid 65534');
      expect(log).not.toContain('uid 0');
      expect(log).toContain('course EACCES');
      expect(log).not.toContain('wrote the course');
      expect(await readFile(courseTest, 'utf8')).toBe(await readFile(join(repo, TEST_FILE), 'utf8'));
      // Nothing the learner's code started is left running once run_autograder returns.
      const before = await readFile(join(probe, 'alive'), 'utf8');
      await new Promise((done) => setTimeout(done, 1500));
      expect(await readFile(join(probe, 'alive'), 'utf8')).toBe(before);
    }
  });

  it('removes a results.json that was there before: a starter scores 0, not what the old file said', async () => {
    const planted = JSON.stringify({ score: 999, tests: [] });
    const autograder = await autograderWith('starter-run', await labFiles('starter', `${LAB}/`), planted);
    const run = runAutograder(autograder);
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(await run.results()) as GradescopeResults;
    expect(results.score).toBe(0);
    expect(results.max_score).toBeGreaterThan(0);
    // Every check worth points fails; the 0-point typecheck passes for any code that compiles, a starter too.
    const scored = results.tests.filter((test) => test.max_score > 0);
    expect(scored.length).toBeGreaterThan(0);
    expect(scored.every((test) => test.status === 'failed')).toBe(true);
  });

  it('leaves a zero-score results.json that says so when the grader passes its time limit', async () => {
    const planted = JSON.stringify({ score: 999, tests: [] });
    const hanging = await labFiles('solution');
    hanging['region.ts'] = `${BLOCKS_FOREVER}\n${hanging['region.ts']}`;
    const autograder = await autograderWith('hanging-run', hanging, planted);
    const started = Date.now();
    // Short: until the limit, the grader loads and the learner's code sleeps; what is tested is what comes after.
    const run = runAutograder(autograder, { CLOUDLAB_TIME_LIMIT: '3' });
    expect(run.status, run.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    const results = JSON.parse(await run.results()) as GradescopeResults;
    expect(results).toMatchObject({ score: 0, tests: [] });
    expect(results.output).toContain('time limit of 3 seconds');
  });

  it('leaves a zero-score results.json with the exit code when the grader fails', async () => {
    const autograder = await autograderWith('failing-run', await labFiles('solution'), '{"score": 999}');
    // The lab's folder is gone from the course: `cloudlab grade 01` exits 2.
    await rm(join(autograder, 'source', 'cloudlab', 'labs', LAB), { recursive: true });
    const run = runAutograder(autograder);
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(await run.results()) as GradescopeResults;
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/could not run \(exit code 2\)/);
  });

  it('writes a zero-score results.json that says why when there is no course to grade with', async () => {
    const autograder = join(work, 'broken');
    await mkdir(join(autograder, 'source'), { recursive: true });
    const run = spawnSync('bash', [join(unpacked, 'run_autograder')], {
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
