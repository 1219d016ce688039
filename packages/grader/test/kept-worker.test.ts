import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverLabs, type LabResult, WarmLabGrader } from '../src/node.ts';
import { scratchCourse, useOneKeptWorker } from './fixture-labs.ts';

// A lab graded with `isolate: false` keeps its test worker from one grade to the next (kept-forks-pool.ts).
// The fixture's check writes what it saw to a file: the worker's pid, the value of the lab code, how often
// that module was evaluated in this process, and the environment it was given.
interface Seen {
  pid: number;
  value: number;
  evaluations: number;
  probe?: string;
  leftover?: string;
}

let course: Awaited<ReturnType<typeof scratchCourse>>;
const seen: Seen[] = [];
const results: LabResult[] = [];

beforeAll(async () => {
  course = await scratchCourse('01-basics');
  const labDir = join(course.root, 'labs/01-basics');
  const probeFile = join(course.root, 'seen.jsonl');
  await useOneKeptWorker(labDir);
  const code = join(labDir, 'solution/value.ts');
  const module = (value: number) =>
    [
      'const counter = globalThis as { evaluations?: number };',
      'counter.evaluations = (counter.evaluations ?? 0) + 1;',
      'export const evaluations = counter.evaluations;',
      `export const value = ${value};`,
      '',
    ].join('\n');
  await writeFile(code, module(1));
  await writeFile(
    join(labDir, 'tests/worker.test.ts'),
    [
      "import { appendFileSync } from 'node:fs';",
      "import { check } from '@cloudlab/grader';",
      "import { evaluations, value } from '@lab/value.ts';",
      "check('reports what the worker sees', { points: 1, hint: 'none' }, () => {",
      '  const { CLOUDLAB_PROBE: probe, CLOUDLAB_LEFTOVER: leftover } = process.env;',
      `  appendFileSync(${JSON.stringify(probeFile)}, JSON.stringify({ pid: process.pid, value, evaluations, probe, leftover }) + '\\n');`,
      "  if (probe === 'crash') process.kill(process.pid, 'SIGKILL');",
      "  if (probe === 'exit') process.exit(0);",
      '});',
      '',
    ].join('\n'),
  );
  const [lab] = await discoverLabs(course.root);
  const warm = await WarmLabGrader.open(lab!, { codeDir: join(labDir, 'solution') });
  try {
    process.env.CLOUDLAB_PROBE = 'first';
    process.env.CLOUDLAB_LEFTOVER = 'from the first run';
    results.push(await warm.grade());
    delete process.env.CLOUDLAB_LEFTOVER;
    process.env.CLOUDLAB_PROBE = 'second';
    await writeFile(code, module(2));
    results.push(await warm.grade([code]));
    process.env.CLOUDLAB_PROBE = 'exit';
    results.push(await warm.grade());
    process.env.CLOUDLAB_PROBE = 'crash';
    results.push(await warm.grade());
    process.env.CLOUDLAB_PROBE = 'after';
    results.push(await warm.grade());
  } finally {
    delete process.env.CLOUDLAB_PROBE;
    delete process.env.CLOUDLAB_LEFTOVER;
    await warm.close();
  }
  const lines = (await readFile(probeFile, 'utf8')).trim().split('\n');
  seen.push(...lines.map((line) => JSON.parse(line) as Seen));
}, 120_000);

afterAll(() => course?.remove());

const probeCheck = (result: LabResult | undefined) =>
  result?.checks.find((check) => check.title === 'reports what the worker sees');

describe('a test worker kept between grades (isolate: false)', () => {
  it('runs the next grade in the same worker process', () => {
    expect(seen).toHaveLength(5);
    expect(seen.slice(1, 4).map((entry) => entry.pid)).toEqual([seen[0]?.pid, seen[0]?.pid, seen[0]?.pid]);
  });

  it('evaluates the lab code afresh each grade, so a saved file is what the checks see', () => {
    expect(seen.map((entry) => entry.value)).toEqual([1, 2, 2, 2, 2]);
    // The same process evaluated the module once per grade: it was not served from the last grade's cache.
    expect(seen.slice(0, 4).map((entry) => entry.evaluations)).toEqual([1, 2, 3, 4]);
  });

  it('gives each grade the environment of that grade, without what an earlier one had', () => {
    expect(seen.map((entry) => entry.probe)).toEqual(['first', 'second', 'exit', 'crash', 'after']);
    expect(seen.map((entry) => entry.leftover)).toEqual([
      'from the first run',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("still turns a student's process.exit() into a failed check in a kept worker, which lives on", () => {
    expect(probeCheck(results[2])).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('process.exit'),
    });
    expect(seen[3]?.pid).toBe(seen[2]?.pid);
  });

  it('replaces a worker that died, and the next grade runs in a fresh one', () => {
    expect(probeCheck(results[3])?.status).toBe('failed');
    expect(seen[4]?.pid).not.toBe(seen[3]?.pid);
    expect(seen[4]?.evaluations).toBe(1);
    expect(results[4]?.score).toBe(results[4]?.maxScore);
  });
});
