import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FIXTURES } from './fixture-labs.ts';

// bin/cloudlab.js loads the CLI's TypeScript from one bundle (bundled-import.js). Each case runs in a fresh
// node, as the CLI does: this test process loads TypeScript through Vitest, which would hide what plain node
// can and cannot import.
const LOADER = pathToFileURL(join(import.meta.dirname, '..', 'src', 'bundled-import.js')).href;
let sources: string;
let cache: string;

/** Imports the bundle of `entry` (`bundleFor(entry, cache)`) in a fresh node; prints what `show` computes from it. */
function importInNode(entry: string, show: string, cacheDir = cache): string {
  const script = `const { bundleFor } = await import(${JSON.stringify(LOADER)});
const module = await import(await bundleFor(${JSON.stringify(entry)}, ${JSON.stringify(cacheDir)}));
console.log(JSON.stringify(${show}));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim();
}

beforeAll(async () => {
  // Inside this package, so `@cloudlab/grader` and picocolors resolve as they do for the CLI.
  sources = await mkdtemp(join(FIXTURES, '.tmp-bundle-'));
  // mkdtemp makes it 0700; the batch's sandbox tests walk this repository as another uid at the same time.
  await chmod(sources, 0o755);
  await mkdir(join(sources, 'sub'));
  await writeFile(
    join(sources, 'entry.ts'),
    [
      "import { LAB_DIR_ENV } from '@cloudlab/grader/vitest';",
      "import colors from 'picocolors';",
      "import { where } from './sub/where.ts';",
      'interface Answer {',
      '  value: number;',
      '}',
      'export const answer: Answer = { value: 6 * 7 };',
      'export const labDirEnv: string = LAB_DIR_ENV;',
      'export const dirs = [import.meta.dirname, where];',
      'export const colorsType = typeof colors.red;',
      "export const later = async () => (await import('./sub/later.ts')).value;",
      'export const bundled = import.meta.bundled;',
      '',
    ].join('\n'),
  );
  await writeFile(join(sources, 'sub', 'where.ts'), 'export const where: string = import.meta.dirname;\n');
  await writeFile(join(sources, 'sub', 'later.ts'), "export const value = 'loaded when asked';\n");
  cache = await mkdtemp(join(tmpdir(), 'cloudlab-bundle-test-'));
});

afterAll(async () => {
  await rm(sources, { recursive: true, force: true });
  await rm(cache, { recursive: true, force: true });
});

it('loads TypeScript, the workspace packages it imports and node_modules packages from where the source is', () => {
  const shown = JSON.parse(
    importInNode(join(sources, 'entry.ts'), '[module.answer.value, module.labDirEnv, module.colorsType]'),
  );
  expect(shown).toEqual([42, 'CLOUDLAB_LAB_DIR', 'function']);
});

it("gives each source its own import.meta.dirname, not the bundle's folder", () => {
  const dirs = JSON.parse(importInNode(join(sources, 'entry.ts'), 'module.dirs'));
  expect(dirs).toEqual([sources, join(sources, 'sub')]);
});

it('tells a source that it runs from a bundle, where Node itself would have to load any TypeScript it imports', async () => {
  expect(JSON.parse(importInNode(join(sources, 'entry.ts'), 'module.bundled'))).toBe(true);
  // Loaded by anything else (here Vite's module runner), a source is told nothing.
  expect(import.meta.bundled).toBeUndefined();
});

it('keeps a dynamically imported module in a chunk of its own, loaded when asked', () => {
  expect(JSON.parse(importInNode(join(sources, 'entry.ts'), 'await module.later()'))).toBe(
    'loaded when asked',
  );
});

it('reuses the bundle while the sources are unchanged and builds a new one when one changes', async () => {
  const entry = join(sources, 'entry.ts');
  const builds = async () => (await readdir(cache)).filter((name) => !name.includes('.')).sort();
  importInNode(entry, '0');
  const first = await builds();
  const marker = join(cache, first[0]!, 'marker');
  await writeFile(marker, 'the folder of this build');
  importInNode(entry, '0');
  expect(await builds()).toEqual(first);
  expect(await readdir(join(cache, first[0]!))).toContain('marker');

  await writeFile(join(sources, 'sub', 'later.ts'), "export const value = 'changed';\n");
  expect(JSON.parse(importInNode(entry, 'await module.later()'))).toBe('changed');
  // The earlier build stays for a day: a process started from it may still load its chunks.
  expect((await builds()).length).toBe(first.length + 1);
});

it('keeps no bundle where the cache folder cannot be written, and says so (the CLI then loads through Vite)', async () => {
  // Under a regular file no folder can be made, whoever runs this (root ignores a read-only mode).
  const notAFolder = join(cache, 'a-file');
  await writeFile(notAFolder, '');
  const script = `const { bundleFor } = await import(${JSON.stringify(LOADER)});
console.log(JSON.stringify(await bundleFor(${JSON.stringify(join(sources, 'entry.ts'))}, ${JSON.stringify(join(notAFolder, 'bundles'))}) ?? null));`;
  const shown = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(JSON.parse(shown)).toBeNull();
});
