/**
 * The batch's limits on a tiny course (one lab, one visible and one hidden check) so each grading takes
 * seconds: hidden checks count, a submission that hangs while loading is killed by the timer and the batch
 * goes on, a CSV input works, and a re-run re-grades only what changed. The course lives under test/.out so
 * its imports resolve through this package's node_modules.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/index.ts';

let root: string;
const files = (entries: Record<string, string>, base: string) =>
  Promise.all(
    Object.entries(entries).map(async ([file, text]) => {
      await mkdir(join(base, file, '..'), { recursive: true });
      await writeFile(join(base, file), text);
    }),
  );

beforeAll(async () => {
  await mkdir(join(import.meta.dirname, '.out'), { recursive: true });
  root = await mkdtemp(join(import.meta.dirname, '.out', 'mini-'));
  const check = (title: string, points: number, body: string) =>
    `import { check } from '@cloudlab/grader';\nimport { expect } from 'vitest';\nimport { add } from '@lab/math.ts';\ncheck(${JSON.stringify(title)}, { points: ${points}, hint: 'use +', exercise: 1 }, () => { ${body} });\n`;
  await files(
    {
      'package.json': '{"name":"mini-course","private":true,"type":"module"}',
      'labs/01-mini/lab.ts':
        "import { defineLab } from '@cloudlab/grader';\nexport default defineLab({ id: '01', slug: 'mini', title: 'Mini', objectives: ['add numbers'], exercises: [{ n: 1, title: 'Add', file: 'math.ts' }] });\n",
      'labs/01-mini/vitest.config.ts':
        "import { defineLabConfig } from '@cloudlab/grader/vitest';\nexport default defineLabConfig(import.meta.dirname);\n",
      'labs/01-mini/solution/math.ts':
        'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
      'labs/01-mini/starter/math.ts':
        "export function add(a: number, b: number): number {\n  throw new Error('TODO(1)');\n}\n",
      'labs/01-mini/tests/math.test.ts': check('add adds two numbers', 2, 'expect(add(1, 2)).toBe(3);'),
      'labs/01-mini/hidden/edge.test.ts': check(
        'add handles negative numbers',
        3,
        'expect(add(-1, -2)).toBe(-3);',
      ),
      'class/good/01-mini/math.ts':
        'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
      'class/positive-only/01-mini/math.ts':
        'export function add(a: number, b: number): number {\n  return Math.abs(a) + Math.abs(b);\n}\n',
      'class/hangs/01-mini/math.ts':
        'while (Date.now() > 0) {}\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n',
      'class/hogs/01-mini/math.ts':
        'export function add(a: number, b: number): number {\n  const hog: number[][] = [];\n  for (;;) hog.push(new Array(1e6).fill(a + b));\n}\n',
      // Kills the Vitest process that runs it: the grading process itself.
      'class/kills-grader/01-mini/math.ts':
        "process.kill(process.ppid, 'SIGKILL');\nexport const add = (a: number, b: number): number => a + b;\n",
      'class.csv':
        'learner,path\ngood,class/good\npositive-only,class/positive-only\nhangs,class/hangs\nhogs,class/hogs\nkills-grader,class/kills-grader\n',
    },
    root,
  );
}, 60_000);

afterAll(() => rm(root, { recursive: true, force: true }));

const batch = (force = false) =>
  runBatch({
    submissions: join(root, 'class.csv'),
    out: join(root, 'out'),
    courseRoot: root,
    workers: 2,
    timeoutSeconds: 25,
    maxOldSpaceMB: 256,
    ...(force ? { force } : {}),
  });

describe('batch limits on a tiny course', () => {
  let first: Awaited<ReturnType<typeof batch>>;
  beforeAll(async () => {
    first = await batch();
  }, 300_000);

  it('counts the instructor’s hidden checks in the grade', () => {
    const good = first.records.find((record) => record.learner === 'good')!;
    expect(good.run?.labs[0]?.checks.map((check) => check.file).sort()).toEqual([
      'hidden/edge.test.ts',
      'tests/math.test.ts',
    ]);
    expect([good.run?.score, good.run?.maxScore]).toEqual([5, 5]);
    const partial = first.records.find((record) => record.learner === 'positive-only')!;
    expect(partial.run?.score).toBe(2);
  });

  it('kills a submission that hangs outside any check at the time limit, and grades the rest', async () => {
    const hangs = first.records.find((record) => record.learner === 'hangs')!;
    expect(hangs.flags).toContain('timeout');
    expect(hangs.run?.score).toBe(0);
    const rows = parse(await readFile(first.gradebook, 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.find((row) => row.learner === 'hangs')?.notes).toContain('grading stopped after 25 s');
    expect(rows.map((row) => row.learner)).toEqual([
      'good',
      'positive-only',
      'hangs',
      'hogs',
      'kills-grader',
    ]);
  });

  it('records code that kills its grading process as crashed, with the reason, and grades the others', () => {
    const killer = first.records.find((record) => record.learner === 'kills-grader')!;
    expect(killer.status).toBe('error');
    expect(killer.flags).toContain('crashed');
    expect(killer.notes.join(' ')).toContain('01-mini: the grading process was killed by SIGKILL');
    expect(first.records.find((record) => record.learner === 'good')?.run?.score).toBe(5);
  });

  it('fails the checks of code that exhausts the heap cap, without stopping the batch', () => {
    const hogs = first.records.find((record) => record.learner === 'hogs')!;
    expect(hogs.status).toBe('graded');
    expect([hogs.run?.score, hogs.run?.maxScore]).toEqual([0, 5]);
  });

  it('re-grades only a submission whose files changed (and those that never finished)', async () => {
    await writeFile(
      join(root, 'class/positive-only/01-mini/math.ts'),
      'export const add = (a: number, b: number): number => a + b;\n',
    );
    const graded: string[] = [];
    const again = await runBatch({
      submissions: join(root, 'class.csv'),
      out: join(root, 'out'),
      courseRoot: root,
      workers: 2,
      timeoutSeconds: 25,
      onSubmissionEnd: (record, skipped) => {
        if (!skipped) graded.push(record.learner);
      },
    });
    expect(graded.sort()).toEqual(['hangs', 'kills-grader', 'positive-only']);
    expect(again.skipped).toBe(2);
    expect(again.records.find((record) => record.learner === 'positive-only')?.run?.score).toBe(5);
  }, 300_000);
});
