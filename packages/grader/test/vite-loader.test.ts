import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importThroughVite } from '../src/vite-loader.js';
import { FIXTURES } from './fixture-labs.ts';

// The grading process loads its own TypeScript through importThroughVite (bin/cloudlab.js, batch children):
// types stripped, workspace imports followed, and an error's stack pointing at the TypeScript line.
let dir: string;

beforeAll(async () => {
  // Inside this package, so `@cloudlab/grader` resolves as it does for the CLI.
  dir = await mkdtemp(join(FIXTURES, '.tmp-loader-'));
  // mkdtemp makes it 0700; the batch's sandbox tests walk this repository as another uid at the same time.
  await chmod(dir, 0o755);
  await writeFile(
    join(dir, 'entry.ts'),
    [
      "import { LAB_DIR_ENV } from '@cloudlab/grader/vitest';",
      'interface Answer {',
      '  value: number;',
      '}',
      'export const answer: Answer = { value: 6 * 7 };',
      'export const labDirEnv: string = LAB_DIR_ENV;',
      'export function fail(): never {',
      "  throw new Error('thrown on line 8');",
      '}',
      '',
    ].join('\n'),
  );
});

afterAll(() => rm(dir, { recursive: true, force: true }));

it('loads a TypeScript module and what it imports from the workspace', async () => {
  const module = (await importThroughVite(join(dir, 'entry.ts'))) as {
    answer: { value: number };
    labDirEnv: string;
  };
  expect(module.answer.value).toBe(42);
  expect(module.labDirEnv).toBe('CLOUDLAB_LAB_DIR');
});

it('reports an error at its line in the TypeScript source, in a process of its own as the CLI runs it', () => {
  // A fresh node, as bin/cloudlab.js starts: Vitest's own source-map handling in this test process would hide ours.
  const loader = pathToFileURL(join(import.meta.dirname, '..', 'src', 'vite-loader.js')).href;
  const script = `const { importThroughVite } = await import(${JSON.stringify(loader)});
const { fail } = await importThroughVite(${JSON.stringify(join(dir, 'entry.ts'))});
try { fail(); } catch (error) { console.log(error.stack); }`;
  const stack = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(stack).toContain('Error: thrown on line 8');
  expect(stack).toContain(`${join(dir, 'entry.ts')}:8:`);
});
