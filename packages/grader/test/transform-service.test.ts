import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { discoverLabs, WarmLabGrader } from '../src/node.ts';
import { scratchCourse } from './fixture-labs.ts';

// Vite compiles the lab's TypeScript with an esbuild service process; a warm grader stops it after each run
// (it would otherwise sit beside the grading process until it exits) and a later compile starts it again.

/** esbuild service processes started by this process (the grader runs Vite in it). */
function esbuildChildren(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('esbuild') && line.includes('--service'));
}

let course: Awaited<ReturnType<typeof scratchCourse>>;
let grader: WarmLabGrader;
let mathFile: string;

beforeAll(async () => {
  course = await scratchCourse('01-basics');
  const [lab] = await discoverLabs(course.root);
  if (!lab) throw new Error('no fixture lab');
  const codeDir = join(lab.dir, 'solution');
  mathFile = join(codeDir, 'math.ts');
  grader = await WarmLabGrader.open(lab, { codeDir });
});

afterAll(async () => {
  await grader?.close();
  await course?.remove();
});

it('leaves no esbuild service behind after a run, and compiles a changed file in the next one', async () => {
  const first = await grader.grade();
  expect(first.score).toBe(first.maxScore);
  expect(esbuildChildren()).toEqual([]);

  // A student's save: greet now answers wrong, so the next run must compile the file again to see it.
  const source = await readFile(mathFile, 'utf8');
  await writeFile(mathFile, source.replace('`Hello, ${name}!`', '`Bye, ${name}!`'));
  const second = await grader.grade([mathFile]);
  expect(second.score).toBe(first.maxScore - 3);
  expect(esbuildChildren()).toEqual([]);
});
