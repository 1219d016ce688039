import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudlab, type ScratchCourse, scratchCourse } from './student-course.ts';

let course: ScratchCourse;
beforeAll(async () => {
  course = await scratchCourse(['01-basics', '03-broken', '04-offline', '05-empty']);
}, 60_000);
afterAll(() => course.remove());

// Each case runs the real binary (tsx start-up, then Vitest): minutes on a loaded 2-core machine.
const slow = { timeout: 180_000 };

describe('cloudlab list', slow, () => {
  it('lists the labs from their metadata as JSON', () => {
    const run = cloudlab(course.root, ['list', '--json']);
    expect(run.code).toBe(0);
    const { labs } = JSON.parse(run.stdout);
    expect(labs.map((lab: { id: string }) => lab.id)).toEqual(['01', '03', '04', '05']);
    expect(labs[0]).toMatchObject({
      slug: 'basics',
      folder: 'labs/01-basics',
      exercises: [{ n: 1, title: 'Add two numbers', file: 'math.ts' }, { n: 2 }],
    });
  });
});

describe('cloudlab grade', slow, () => {
  it('exits 1 with the versioned JSON result when a check fails', () => {
    const run = cloudlab(course.root, ['grade', '01', '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ schemaVersion: 1, variant: 'starter', score: 2, maxScore: 5 });
    expect(result.labs[0].checks[1]).toMatchObject({
      status: 'failed',
      location: { file: 'starter/math.ts', line: 6 },
    });
  });

  it('exits 0 when every check of the solution passes, and shows the next step', () => {
    const run = cloudlab(course.root, ['grade', 'basics', '--solution']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Score 5/5');
    expect(run.stdout).toContain('All checks pass');
  });

  it('shows the first failing check with its hint, file and line', () => {
    const run = cloudlab(course.root, ['grade', '1']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Next: Lab 01 › greet says hello/);
    expect(run.stdout).toContain('at starter/math.ts:6:9');
    expect(run.stdout).toContain('Hint 1/2: Return a string.');
  });

  it('grades a submission folder with --dir', () => {
    const run = cloudlab(course.root, [
      'grade',
      '01',
      '--dir',
      course.lab('01-basics', 'solution'),
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ variant: 'dir', score: 5 });
  });

  it("grades a folder outside the course whose code imports the lab's packages (lab 04: @cloudlab/s3-select)", async () => {
    // Nothing above the folder has node_modules: the packages resolve from the lab, as they do inside.
    const outside = await mkdtemp(join(tmpdir(), 'cloudlab-outside-'));
    try {
      const repo = join(import.meta.dirname, '..', '..', '..');
      await cp(join(repo, 'labs', '04-s3-select', 'solution'), outside, { recursive: true });
      const run = cloudlab(repo, ['grade', '04', '--dir', outside, '--json']);
      const result = JSON.parse(run.stdout);
      const failed = result.labs[0].checks.filter((c: { status: string }) => c.status !== 'passed');
      expect(failed.map((c: { title: string; message?: string }) => `${c.title}: ${c.message}`)).toEqual([]);
      expect(result).toMatchObject({ variant: 'dir', score: result.maxScore });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('exits 2 when the environment kept checks from running (incomplete, not failed)', () => {
    const run = cloudlab(course.root, ['grade', '04']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('incomplete');
    expect(run.stdout).toContain('(environment)');
  });

  it('writes valid JUnit XML with --reporter junit --out', async () => {
    const out = join(course.root, 'junit.xml');
    const run = cloudlab(course.root, ['grade', '01', '03', '--reporter', 'junit', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`junit report written to ${out}`);
    const xml = await readFile(out, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suites = new XMLParser({ ignoreAttributes: false }).parse(xml).testsuites.testsuite;
    expect(suites.map((suite: Record<string, string>) => suite['@_failures'])).toEqual(['1', '2']);
  });

  it("writes Gradescope's results.json with --reporter gradescope", async () => {
    const out = join(course.root, 'results.json');
    cloudlab(course.root, ['grade', '01', '--reporter', 'gradescope', '--out', out]);
    const results = JSON.parse(await readFile(out, 'utf8'));
    expect(results).toMatchObject({ score: 2, max_score: 5, visibility: 'visible' });
    expect(results.tests.map((test: { status: string }) => test.status)).toEqual(['passed', 'failed']);
  });

  it('rejects an unknown lab with one line listing the valid ones, exit 2', () => {
    const run = cloudlab(course.root, ['grade', '42']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'cloudlab: no lab "42"; valid labs: 01 (basics), 03 (broken), 04 (offline), 05 (empty)',
    );
  });

  it('says clearly that a lab has no tests, exit 2', () => {
    const run = cloudlab(course.root, ['grade', '05']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('lab 05 has no tests: add tests/*.test.ts files to labs/05-empty');
  });

  it('rejects --dir with more than one lab', () => {
    const run = cloudlab(course.root, ['grade', '01', '03', '--dir', course.root]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--dir grades one lab');
  });
});

describe('cloudlab grade --target aws', slow, () => {
  it('runs the live preflight first and stops with exit 2 before grading when there are no credentials', () => {
    const run = cloudlab(course.root, ['--target', 'aws', '--region', 'us-east-1', 'grade', '01']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^preflight: .*credentials/im);
    expect(run.stderr).toMatch(/preflight for --target aws failed/);
    expect(run.stdout).not.toMatch(/Score/);
  });
});

describe('cloudlab grade on a check that never ends', slow, () => {
  let looping: ScratchCourse;
  beforeAll(async () => {
    looping = await scratchCourse(['02-hostile']);
  }, 60_000);
  afterAll(() => looping.remove());

  it('says on stderr which check it stopped and that the others go on, and keeps stdout for the result', () => {
    const run = cloudlab(looping.root, ['grade', '02', '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^cloudlab: stopped “[^”]*countDown[^”]*” after \d+ s — a loop that never ends\?/m,
    );
    const result = JSON.parse(run.stdout) as { labs: { checks: { title: string; status: string }[] }[] };
    const hung = result.labs[0]?.checks.find((check) => check.title.startsWith('countDown'));
    expect(hung?.status).toBe('failed');
  });
});
