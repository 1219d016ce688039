/**
 * The warm path (one grading process per worker, reused from submission to submission) against the
 * one-process-per-submission path on the tiny course: the same records, one process for a whole run of
 * submissions, a fresh one after a crash or past the memory ceiling, and each submission's own account.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { discoverLabs } from '@cloudlab/grader/course';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchEmulator } from '../src/batch/grade-submission.ts';
import { gradeSubmission } from '../src/batch/grade-submission.ts';
import { WarmWorker } from '../src/batch/warm-worker.ts';
import { type BatchSummary, runBatch, type SubmissionRecord } from '../src/index.ts';
import { findSubmissions } from '../src/submissions/find-submissions.ts';
import { ADD, batchInputsOf, MUL, makeMiniCourse } from './mini-course.ts';

const CLASS = {
  good: ADD,
  'positive-only':
    'export function add(a: number, b: number): number {\n  return Math.abs(a) + Math.abs(b);\n}\n',
  untouched: "export function add(a: number, b: number): number {\n  throw new Error('TODO(1)');\n}\n",
  'syntax-error': 'export function add(a: number, b: number): number {\n  return a +;\n}\n',
  'prints-env':
    'export function add(a: number, b: number): number {\n  console.log(JSON.stringify(process.env));\n  return a + b;\n}\n',
  'kills-grader':
    "process.kill(process.ppid, 'SIGKILL');\nexport const add = (a: number, b: number): number => a + b;\n",
  'good-again': `// after a crash\n${ADD}`,
};

// The tiny course calls no AWS API: an account is just a pair of random keys to follow through the path.
const fakeEmulator: BatchEmulator = {
  endpoint: 'http://127.0.0.1:9',
  region: 'us-east-1',
  createAccount: () => ({
    accessKeyId: `AKID${randomBytes(6).toString('hex')}`,
    secretAccessKey: randomBytes(20).toString('hex'),
  }),
};

let root: string;
beforeAll(async () => {
  root = await makeMiniCourse(CLASS);
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

/** What a grade is made of, without times, run ids or the code's place on disk. */
const gradeOf = (record: SubmissionRecord) => ({
  learner: record.learner,
  status: record.status,
  flags: [...record.flags].sort(),
  score: record.run?.score,
  maxScore: record.run?.maxScore,
  // In the order of the files, not of the run: test files finish in either order.
  checks: record.run?.labs
    .flatMap((lab) => lab.checks.map((check) => [check.file, check.title, check.status, check.points]))
    .sort((a, b) => String(a).localeCompare(String(b))),
});

/** The course's class graded by one batch worker, warm or with a process per submission. */
const batchOf = (course: string, isolation: 'warm' | 'process') =>
  runBatch({
    submissions: join(course, 'class'),
    out: join(course, `out-${isolation}`),
    courseRoot: course,
    workers: 1,
    isolation,
    timeoutSeconds: 60,
    emulator: fakeEmulator,
  });

describe('warm batch workers', () => {
  let warm: BatchSummary;
  let cold: BatchSummary;
  beforeAll(async () => {
    // At once: each fills the other's idle moments (process starts, IPC), and neither sees the other's files.
    [warm, cold] = await Promise.all([batchOf(root, 'warm'), batchOf(root, 'process')]);
  }, 400_000);

  it('grade every submission exactly as a fresh process per submission does', () => {
    expect(warm.records.map(gradeOf)).toEqual(cold.records.map(gradeOf));
    const score = (learner: string) => warm.records.find((record) => record.learner === learner)?.run?.score;
    expect([score('good'), score('positive-only'), score('untouched'), score('good-again')]).toEqual([
      5, 2, 0, 5,
    ]);
  });

  it('flag the learner who printed their keys and no one graded after them on the same process', () => {
    const flagged = warm.records.filter((record) => record.flags.includes('leaked-secret'));
    expect(flagged.map((record) => record.learner)).toEqual(['prints-env']);
  });

  it('grade after a learner killed the grading process: that one is crashed, the next is graded', () => {
    const killer = warm.records.find((record) => record.learner === 'kills-grader')!;
    expect(killer.flags).toContain('crashed');
    expect(killer.notes.join(' ')).toContain('killed by SIGKILL');
    expect(warm.records.find((record) => record.learner === 'good-again')?.status).toBe('graded');
  });
});

describe('warm batch workers on labs that share one Vitest instance', () => {
  let shared: string;
  let warm: BatchSummary;
  let cold: BatchSummary;
  beforeAll(async () => {
    shared = await makeMiniCourse(
      { good: ADD, untouched: CLASS.untouched, 'syntax-error': CLASS['syntax-error'], mixed: ADD },
      {
        mul: {
          good: MUL,
          untouched:
            "export function mul(a: number, b: number): number {\n  throw new Error('TODO(1)');\n}\n",
          'syntax-error': MUL,
          mixed: 'export const mul = (a: number, b: number): number => a + b;\n',
        },
      },
    );
    [warm, cold] = await Promise.all([batchOf(shared, 'warm'), batchOf(shared, 'process')]);
  }, 400_000);
  afterAll(() => rm(shared, { recursive: true, force: true }));

  it('grade both labs of each submission in one run, exactly as a process per submission does', () => {
    expect(warm.records.map(gradeOf)).toEqual(cold.records.map(gradeOf));
    const scores = (learner: string) =>
      warm.records.find((record) => record.learner === learner)?.run?.labs.map((lab) => lab.score);
    // 01-mini: 2 + 3 hidden points; 02-mul: 4. A syntax error in one lab costs nothing in the other.
    expect([scores('good'), scores('untouched'), scores('syntax-error'), scores('mixed')]).toEqual([
      [5, 4],
      [0, 0],
      [0, 4],
      [5, 0],
    ]);
  });
});

describe('a warm worker', () => {
  const gradeAll = async (worker: WarmWorker, learners: string[]) => {
    const labs = await discoverLabs(root);
    const { submissions } = await findSubmissions(join(root, 'class'));
    const records: SubmissionRecord[] = [];
    for (const learner of learners) {
      const submission = submissions.find((candidate) => candidate.learner === learner)!;
      records.push(
        await gradeSubmission({
          submission,
          fingerprint: learner,
          courseRoot: root,
          labs,
          ...(await batchInputsOf(labs)),
          workDir: join(root, 'warm-out', 'submission'),
          emulator: fakeEmulator,
          limits: { timeoutMs: 60_000, maxOldSpaceMB: 512 },
          runner: worker.grade,
        }),
      );
    }
    await worker.close();
    return records;
  };

  it('grades one submission after another in one process, and starts a new one only after a crash', async () => {
    const worker = new WarmWorker({ dir: join(root, 'warm-out', 'w1'), recycleAboveMB: 4096 });
    const records = await gradeAll(worker, ['good', 'untouched', 'good-again', 'kills-grader', 'good']);
    expect(records.map((record) => record.run?.score)).toEqual([5, 0, 5, 0, 5]);
    expect(worker.started).toBe(2);
  }, 200_000);

  it('replaces its process after a submission that leaves it above the memory ceiling', async () => {
    const worker = new WarmWorker({ dir: join(root, 'warm-out', 'w2'), recycleAboveMB: 1 });
    const records = await gradeAll(worker, ['good', 'positive-only']);
    expect(records.map((record) => record.run?.score)).toEqual([5, 2]);
    expect(worker.started).toBe(2);
  }, 200_000);
});
