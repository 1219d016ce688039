import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { diffTree, planStarter, writeTree } from './starter-tree.ts';

let lab: string;
beforeEach(async () => {
  lab = await mkdtemp(join(tmpdir(), 'cloudlab-starter-'));
  await mkdir(join(lab, 'solution', 'lib'), { recursive: true });
  await writeFile(
    join(lab, 'solution', 'a.ts'),
    'export function a(): number {\n  // BEGIN SOLUTION 1\n  return 1;\n  // END SOLUTION\n}\n',
  );
  await writeFile(join(lab, 'solution', 'lib', 'b.ts'), 'export const b = 2;\n');
});
afterEach(() => rm(lab, { recursive: true, force: true }));

test('writeTree creates the starter, and diffTree then reports no drift', async () => {
  const { files, regions } = await planStarter(lab, { 1: 'One' });
  expect(regions).toEqual([{ file: 'solution/a.ts', n: 1, line: 2 }]);
  await writeTree(join(lab, 'starter'), files);
  expect(await readFile(join(lab, 'starter', 'a.ts'), 'utf8')).toContain("throw new Error('TODO(1): One");
  expect(await readFile(join(lab, 'starter', 'lib', 'b.ts'), 'utf8')).toBe('export const b = 2;\n');
  expect(await diffTree(join(lab, 'starter'), files)).toEqual({ changed: [], missing: [], extra: [] });
});

test('diffTree names edited, missing and stray starter files; writeTree repairs all three', async () => {
  const { files } = await planStarter(lab, { 1: 'One' });
  await writeTree(join(lab, 'starter'), files);
  await writeFile(join(lab, 'starter', 'a.ts'), 'edited by hand\n');
  await rm(join(lab, 'starter', 'lib', 'b.ts'));
  await writeFile(join(lab, 'starter', 'stray.ts'), '');
  expect(await diffTree(join(lab, 'starter'), files)).toEqual({
    changed: ['a.ts'],
    missing: ['lib/b.ts'],
    extra: ['stray.ts'],
  });
  await writeTree(join(lab, 'starter'), files);
  expect(await diffTree(join(lab, 'starter'), files)).toEqual({ changed: [], missing: [], extra: [] });
});
