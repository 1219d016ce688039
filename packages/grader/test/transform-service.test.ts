import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { discoverLabs, WarmLabGrader } from '../src/node.ts';
import { withTransformService } from '../src/runner/transform-service.ts';
import { scratchCourse } from './fixture-labs.ts';

// Vite compiles the lab's TypeScript with an esbuild service process; a warm grader stops it after each run
// (it would otherwise sit beside the grading process until it exits) and a later compile starts it again.
// Every Vitest instance of a process shares that service, so it must not stop while another one compiles.

/** esbuild service processes started by this process (the grader runs Vite in it). */
function esbuildChildren(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('esbuild') && line.includes('--service'));
}

const courses: Awaited<ReturnType<typeof scratchCourse>>[] = [];
const graders: WarmLabGrader[] = [];

/** A warm grader of a fresh copy of the 01-basics fixture lab, and its solution's math.ts. */
async function openScratchGrader(): Promise<{ grader: WarmLabGrader; mathFile: string }> {
  const course = await scratchCourse('01-basics');
  courses.push(course);
  const [lab] = await discoverLabs(course.root);
  if (!lab) throw new Error('no fixture lab');
  const codeDir = join(lab.dir, 'solution');
  const grader = await WarmLabGrader.open(lab, { codeDir });
  graders.push(grader);
  return { grader, mathFile: join(codeDir, 'math.ts') };
}

/** The part of esbuild's API this test calls (the grader has no esbuild dependency: it uses Vite's). */
interface EsbuildTransform {
  transform(code: string, options: { loader: 'ts' }): Promise<{ code: string }>;
}

let grader: WarmLabGrader;
let mathFile: string;

beforeAll(async () => {
  ({ grader, mathFile } = await openScratchGrader());
});

afterAll(async () => {
  for (const open of graders) await open.close();
  for (const course of courses) await course.remove();
});

it('leaves no esbuild service behind after a run, and compiles a changed file in the next one', async () => {
  const first = await grader.grade();
  expect(first.score).toBe(first.maxScore);
  expect(esbuildChildren()).toEqual([]);

  // A student's save: greet now answers wrong, so the next run must compile the file again to see it.
  const source = await readFile(mathFile, 'utf8');
  await writeFile(mathFile, source.replace('Hello, ', 'Bye, '));
  const second = await grader.grade([mathFile]);
  expect(second.score).toBe(first.maxScore - 3);
  expect(esbuildChildren()).toEqual([]);
});

it('does not stop the service under a compile still in flight elsewhere in the process', async () => {
  // Stopped under a compile, esbuild fails it ("The service was stopped") or never settles it. Here one piece
  // of work compiles a large file while another ends: the service must stay up until the last one ends.
  const esbuild = createRequire(createRequire(import.meta.url).resolve('vite'))(
    'esbuild',
  ) as EsbuildTransform;
  const source = Array.from({ length: 40_000 }, (_, i) => `export const v${i}: number = ${i};`).join('\n');
  let compiled: Promise<{ code: string }> | undefined;
  const compiling = withTransformService(async () => {
    compiled = esbuild.transform(source, { loader: 'ts' });
    // The request is on its way to the service now; let the other work end while it is.
    await new Promise((resolve) => setImmediate(resolve));
    return compiled;
  });
  await withTransformService(async () => {});
  const result = await Promise.race([
    compiling,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the compile never settled')), 20_000),
    ),
  ]);
  expect(result.code).toContain('v39999 = 39999');
  expect(esbuildChildren()).toEqual([]);
}, 30_000);
