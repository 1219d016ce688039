import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { discoverLabs, type LabResult, WarmLabGrader } from '../src/node.ts';
import { scratchCourse, useOneKeptWorker } from './fixture-labs.ts';

// A learner's own grade with a disk cache forks its test worker before Vitest is up, as the previous grade of
// the same labs started it (runner/head-start-worker.ts), and that worker runs the checks.
interface Seen {
  pid: number;
  /** The package list the worker loaded while it waited: only a worker forked ahead is given one. */
  preloaded: string[];
}

let course: Awaited<ReturnType<typeof scratchCourse>>;
let diskCache: string;
let probeFile: string;
const graded: { result: LabResult; seen: Seen }[] = [];

async function gradeOnce(): Promise<void> {
  const [lab] = await discoverLabs(course.root);
  const labDir = join(course.root, 'labs/01-basics');
  const grader = await WarmLabGrader.open(lab!, { codeDir: join(labDir, 'solution'), diskCache });
  try {
    const result = await grader.grade();
    const lines = (await readFile(probeFile, 'utf8')).trim().split('\n');
    graded.push({ result, seen: JSON.parse(lines.at(-1)!) as Seen });
  } finally {
    await grader.close();
  }
}

/** This process's child processes. */
async function livePids(): Promise<number[]> {
  const children = await readFile(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').catch(
    () => '',
  );
  return children.trim().split(/\s+/).filter(Boolean).map(Number);
}

const recordFiles = async () =>
  (await readdir(join(diskCache, 'workers'))).filter((f) => f.endsWith('.json'));

beforeAll(async () => {
  course = await scratchCourse('01-basics');
  diskCache = join(course.root, 'cache');
  probeFile = join(course.root, 'seen.jsonl');
  const labDir = join(course.root, 'labs/01-basics');
  await useOneKeptWorker(labDir);
  await writeFile(
    join(labDir, 'tests/worker.test.ts'),
    [
      "import { appendFileSync, readFileSync } from 'node:fs';",
      "import { check } from '@cloudlab/grader';",
      // A package the course's tests import: the trusted inventory lists it for the worker to load ahead.
      "import 'picocolors';",
      "check('reports what the worker sees', { points: 1, hint: 'none' }, () => {",
      "  const preloaded = process.argv[3] ? readFileSync(process.argv[3], 'utf8').split('\\n') : [];",
      `  appendFileSync(${JSON.stringify(probeFile)}, JSON.stringify({ pid: process.pid, preloaded }) + '\\n');`,
      '});',
      '',
    ].join('\n'),
  );
  await gradeOnce();
  await gradeOnce();
}, 180_000);

afterAll(() => course?.remove());

it('writes down how the first grade started its worker, with the packages to load ahead', async () => {
  const [record] = await recordFiles();
  const written = JSON.parse(await readFile(join(diskCache, 'workers', record!), 'utf8'));
  expect(written.execArgv).toEqual(expect.any(Array));
  expect(await readFile(written.preloadList, 'utf8')).toMatch(/picocolors/);
  expect(graded[0]!.seen.preloaded).toEqual([]);
});

it('runs the next grade in the worker it forked ahead, with the same score', () => {
  expect(graded[1]!.seen.preloaded.some((file) => file.includes('picocolors'))).toBe(true);
  expect(graded[1]!.seen.pid).not.toBe(graded[0]!.seen.pid);
  expect(graded[1]!.result.score).toEqual(graded[0]!.result.score);
  expect(graded[1]!.result.score).toBe(graded[1]!.result.maxScore);
});

it('starts the worker with Vitest, as before, when the record no longer matches', async () => {
  const [record] = await recordFiles();
  const path = join(diskCache, 'workers', record!);
  const written = JSON.parse(await readFile(path, 'utf8'));
  await writeFile(path, JSON.stringify({ ...written, execArgv: [...written.execArgv, '--no-warnings'] }));
  const before = new Set(await livePids());
  await gradeOnce();
  expect(graded[2]!.seen.preloaded).toEqual([]);
  // The worker forked ahead and not used is gone: no process of this test's is left behind.
  const left = (await livePids()).filter((pid) => !before.has(pid));
  expect(left).toEqual([]);
  expect(graded[2]!.result.score).toBe(graded[2]!.result.maxScore);
}, 120_000);
