import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { lintCatalog, lintLab } from './lab-lint.ts';

const meta = {
  id: '01',
  slug: 'demo',
  exercises: [
    { n: 1, title: 'Add', file: 'math.ts' },
    { n: 2, title: 'Subtract', file: 'math.ts' },
  ],
};
let root: string;
let lab: { dir: string; folder: string };

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cloudlab-lint-'));
  lab = { dir: join(root, '01-demo'), folder: '01-demo' };
  await cp(resolve(import.meta.dirname, '../../test-fixtures/01-demo'), lab.dir, { recursive: true });
});
afterEach(() => rm(root, { recursive: true, force: true }));

test('a well-formed lab has no problems', async () => {
  expect(await lintLab(lab, meta)).toEqual([]);
});

test('names a stray file, an empty README, a hand-edited starter and the command that fixes it', async () => {
  await writeFile(join(lab.dir, 'notes.txt'), 'scratch');
  await writeFile(join(lab.dir, 'README.md'), '  \n');
  await writeFile(join(lab.dir, 'starter', 'math.ts'), 'export const add = () => 3;\n');
  expect(await lintLab(lab, meta)).toEqual([
    'labs/01-demo/notes.txt is a stray file: move it into solution/, fixtures/ or scripts/, or delete it',
    'labs/01-demo/README.md is empty: write the chapter',
    'labs/01-demo/starter is out of date (starter/math.ts) — run: node scripts/make-starters.mjs --lab 01',
  ]);
});

test('refuses an exercise without a solution region, a missing exercise file and a folder/id mismatch', async () => {
  const problems = await lintLab(lab, {
    id: '02',
    slug: 'demo',
    exercises: [...meta.exercises, { n: 3, title: 'Multiply', file: 'multiply.ts' }],
  });
  expect(problems).toContain(
    'labs/01-demo/lab.ts declares id "02" and slug "demo", but the folder is 01-demo',
  );
  expect(problems).toContain(
    'labs/01-demo/lab.ts: exercise 3 names solution/multiply.ts, which does not exist',
  );
  expect(problems).toContain(
    'labs/01-demo: exercise 3 has no "BEGIN SOLUTION 3" region in solution/, so the starter has nothing to do for it',
  );
});

test('refuses duplicate exercise numbers and duplicate lab ids', async () => {
  const problems = await lintLab(lab, {
    ...meta,
    exercises: [...meta.exercises, { n: 2, title: 'Again', file: 'math.ts' }],
  });
  expect(problems).toContain('labs/01-demo/lab.ts declares exercise 2 more than once');
  expect(
    lintCatalog([
      { folder: '01-a', id: '01' },
      { folder: '01-b', id: '01' },
    ]),
  ).toEqual(['labs/01-a and labs/01-b both use lab id 01']);
});
