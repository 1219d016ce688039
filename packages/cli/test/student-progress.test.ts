import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloudlab, type ScratchCourse, scratchCourse } from './student-course.ts';

// Each case runs the real binary (tsx start-up, then Vitest): minutes on a loaded 2-core machine.
const slow = { timeout: 300_000 };
let course: ScratchCourse;
beforeEach(async () => {
  course = await scratchCourse(['01-basics'], { scripts: true });
});
afterEach(() => course.remove());

const json = (run: { stdout: string }) => JSON.parse(run.stdout);

describe('cloudlab hint', slow, () => {
  it('reveals one more hint of the first failing check each time, and remembers it', () => {
    const first = cloudlab(course.root, ['hint', '01', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(json(first)).toMatchObject({
      check: 'greet says hello to the learner by name',
      level: 1,
      total: 2,
      hint: 'Return a string.',
      location: 'starter/math.ts:6',
    });
    const second = json(cloudlab(course.root, ['hint', '01', '--json']));
    expect(second).toMatchObject({ level: 2, hint: 'Use a template literal with the name inside.' });
    const status = json(cloudlab(course.root, ['status', '--json']));
    expect(status.labs[0]).toMatchObject({
      id: '01',
      started: true,
      hintsShown: 2,
      bestScore: 2,
      maxScore: 5,
    });
  });
});

describe('cloudlab status', slow, () => {
  it('shows every lab, graded or not, with a progress bar', () => {
    cloudlab(course.root, ['grade', '01']);
    const run = cloudlab(course.root, ['status']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/01 Fixture: arithmetic\s+█{8}░{12}\s+2\/5/);
    expect(run.stdout).toContain('0/1 labs passed');
  });

  it('recovers from a corrupted progress file, keeping a copy and saying so', async () => {
    await mkdir(join(course.root, '.cloudlab'), { recursive: true });
    await writeFile(join(course.root, '.cloudlab/progress.json'), '{ not json');
    const run = cloudlab(course.root, ['status', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^cloudlab: warning: progress file .* was unreadable; kept a copy at .*progress\.json\.corrupt-/,
    );
    expect(json(run).labs[0].started).toBe(false);
    const kept = (await readdir(join(course.root, '.cloudlab'))).filter((name) => name.includes('corrupt'));
    expect(kept).toHaveLength(1);
  });
});

describe('cloudlab solution', slow, () => {
  it('refuses before the lab passes, and shows the solution once it does', async () => {
    const locked = cloudlab(course.root, ['solution', '01']);
    expect(locked.code).toBe(1);
    expect(locked.stderr.trim()).toBe(
      'cloudlab: the solution of lab 01 unlocks once all its checks pass — run `cloudlab grade 01`',
    );
    await cp(course.lab('01-basics', 'solution/math.ts'), course.lab('01-basics', 'starter/math.ts'));
    expect(cloudlab(course.root, ['grade', '01']).code).toBe(0);
    const shown = cloudlab(course.root, ['solution', '01', '--json']);
    expect(shown.code).toBe(0);
    expect(json(shown).files).toEqual([
      {
        path: 'labs/01-basics/solution/math.ts',
        content: await readFile(course.lab('01-basics', 'solution/math.ts'), 'utf8'),
      },
    ]);
  });
});

describe('cloudlab reset', slow, () => {
  it('asks for confirmation when not run with --yes', () => {
    const run = cloudlab(course.root, ['reset', '01']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('run again with --yes to confirm');
  });

  it("regenerates the starter from the solution and backs up the student's work", async () => {
    await writeFile(course.lab('01-basics', 'starter/math.ts'), '// my work in progress\n');
    const run = cloudlab(course.root, ['reset', '1', '--yes', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = json(run);
    expect(report.restored).toBe('generated from solution/ by scripts/make-starters.mjs');
    expect(await readFile(join(report.backup, 'math.ts'), 'utf8')).toBe('// my work in progress\n');
    const fresh = await readFile(course.lab('01-basics', 'starter/math.ts'), 'utf8');
    expect(fresh).toContain("throw new Error('TODO(1): Add two numbers — see README.md, exercise 1')");
  });

  it('restores a deleted starter folder that grade reported missing', async () => {
    await rm(course.lab('01-basics', 'starter'), { recursive: true });
    const missing = cloudlab(course.root, ['grade', '01']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('starter does not exist — run `cloudlab reset 01` to restore it');
    expect(cloudlab(course.root, ['reset', '01', '--yes']).code).toBe(0);
    expect(existsSync(course.lab('01-basics', 'starter/math.ts'))).toBe(true);
  });
});
