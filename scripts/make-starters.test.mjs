import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';

const SCRIPT = join(import.meta.dirname, 'make-starters.mjs');
let course;

beforeEach(async () => {
  course = await mkdtemp(join(tmpdir(), 'cloudlab-course-'));
  await cp(
    join(import.meta.dirname, '..', 'packages', 'course', 'test-fixtures', '01-demo'),
    join(course, 'labs', '01-demo'),
    {
      recursive: true,
    },
  );
});
afterEach(() => rm(course, { recursive: true, force: true }));

function makeStarters(...args) {
  const run = spawnSync(process.execPath, [SCRIPT, ...args], {
    env: { ...process.env, CLOUDLAB_COURSE_DIR: course, FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, out: run.stdout + run.stderr };
}

test('--check passes on an up-to-date starter, and names the drifted file and the fixing command otherwise', () => {
  expect(makeStarters('--check').code).toBe(0);
  return writeFile(
    join(course, 'labs', '01-demo', 'starter', 'math.ts'),
    'export const add = () => 5;\n',
  ).then(() => {
    const drifted = makeStarters('--check');
    expect(drifted.code).toBe(1);
    expect(drifted.out).toContain('differs from its solution: labs/01-demo/starter/math.ts');
    expect(drifted.out).toContain('run: node scripts/make-starters.mjs');
  });
}, 120_000);

test('without --check it regenerates the starter from solution/', async () => {
  const starter = join(course, 'labs', '01-demo', 'starter', 'math.ts');
  await writeFile(starter, 'edited by hand\n');
  const run = makeStarters('--lab', '1');
  expect(run.code, run.out).toBe(0);
  expect(await readFile(starter, 'utf8')).toContain(
    "throw new Error('TODO(1): Add — see README.md, exercise 1');",
  );
  expect(makeStarters('--check').code).toBe(0);
}, 120_000);

test('an unknown lab is a usage error', () => {
  const run = makeStarters('--lab', '9');
  expect(run.code).toBe(2);
  expect(run.out).toMatch(/no lab 09 found/);
}, 60_000);
