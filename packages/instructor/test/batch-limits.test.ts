/**
 * The batch's limits on a tiny course (one lab, one visible and one hidden check) so each grading takes
 * seconds: hidden checks count, a submission that hangs while loading is killed by the timer and the batch
 * goes on, a CSV input works, and a re-run re-grades only what changed (on the default warm workers).
 */
import { randomInt } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/index.ts';
import { ADD, BLOCKS_FOREVER, makeMiniCourse, writeFiles } from './mini-course.ts';

// `sleep <this>` marks the process the hanging learner leaves: none may be alive after the batch.
const ORPHAN_SECONDS = `600.${randomInt(100_000, 999_999)}`;
let root: string;

beforeAll(async () => {
  root = await makeMiniCourse({
    good: ADD,
    'positive-only':
      'export function add(a: number, b: number): number {\n  return Math.abs(a) + Math.abs(b);\n}\n',
    // Leaves a process in a session of its own, then hangs: the timer's kill must take that process too.
    hangs: `import { spawn } from 'node:child_process';\nspawn('sleep', ['${ORPHAN_SECONDS}'], { detached: true, stdio: 'ignore' }).unref();\n${BLOCKS_FOREVER}\n${ADD}`,
    hogs: 'export function add(a: number, b: number): number {\n  const hog: number[][] = [];\n  for (;;) hog.push(new Array(1e6).fill(a + b));\n}\n',
    // Kills the Vitest process that runs it: the grading process itself.
    'kills-grader':
      "process.kill(process.ppid, 'SIGKILL');\nexport const add = (a: number, b: number): number => a + b;\n",
  });
  await writeFiles(
    {
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
    // What it started in a new session died with its sandbox at the timeout.
    const alive: string[] = [];
    for (const pid of (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry))) {
      const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (command.includes(ORPHAN_SECONDS)) alive.push(command);
    }
    expect(alive).toEqual([]);
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
    expect(hogs.status, JSON.stringify(hogs.notes)).toBe('graded');
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
