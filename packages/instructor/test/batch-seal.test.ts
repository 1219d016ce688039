/**
 * Tamper-proof outputs: every results file carries an HMAC under the output folder's batch key; a resumed
 * batch believes only records whose seal matches, grades the others again, and writes the gradebook from
 * verified records only.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchEmulator } from '../src/batch/grade-submission.ts';
import { type BatchSummary, runBatch, type SubmissionRecord } from '../src/index.ts';
import { KEY_FILE, sealRecord, verifySeal } from '../src/integrity/record-seal.ts';
import { ADD, makeMiniCourse } from './mini-course.ts';

const TODO = "export function add(a: number, b: number): number {\n  throw new Error('TODO(1)');\n}\n";
const fakeEmulator: BatchEmulator = {
  endpoint: 'http://127.0.0.1:9',
  region: 'us-east-1',
  createAccount: () => ({
    accessKeyId: `AKID${randomBytes(6).toString('hex')}`,
    secretAccessKey: randomBytes(20).toString('hex'),
  }),
};

let root: string;
let first: BatchSummary;
let resumed: BatchSummary;
const out = () => join(root, 'out');
const resultsOf = (learner: string) => join(out(), 'results', `${learner}.json`);
const batch = () =>
  runBatch({
    submissions: join(root, 'class'),
    out: out(),
    courseRoot: root,
    workers: 1,
    timeoutSeconds: 60,
    emulator: fakeEmulator,
  });

beforeAll(async () => {
  root = await makeMiniCourse({ good: ADD, todo: TODO, untouched: TODO });
  first = await batch();
  // `todo` raises its own score in place (its seal is left as it was); `untouched` writes a record of its own.
  const todo = JSON.parse(await readFile(resultsOf('todo'), 'utf8')) as SubmissionRecord;
  todo.run!.score = todo.run!.maxScore;
  todo.run!.labs[0]!.score = todo.run!.maxScore;
  await writeFile(resultsOf('todo'), JSON.stringify(todo));
  const forged = { ...todo, learner: 'untouched', seal: undefined };
  await writeFile(resultsOf('untouched'), JSON.stringify(forged));
  resumed = await batch();
}, 400_000);
afterAll(() => rm(root, { recursive: true, force: true }));

const recordOf = (summary: BatchSummary, learner: string) =>
  summary.records.find((record) => record.learner === learner)!;

describe('sealed results files', () => {
  it('seals every record with a key kept in the output folder, readable by its owner only', async () => {
    const key = Buffer.from((await readFile(join(out(), KEY_FILE), 'utf8')).trim(), 'hex');
    const written = JSON.parse(await readFile(resultsOf('good'), 'utf8')) as SubmissionRecord;
    expect(verifySeal(written, key)).toBe(true);
    expect(verifySeal({ ...written, flags: [], notes: ['x'] }, key)).toBe(false);
    expect(verifySeal(sealRecord(written, randomBytes(32)), key)).toBe(false);
    expect((await stat(join(out(), KEY_FILE))).mode & 0o077).toBe(0);
  });

  it('resumes a learner whose record is intact, and grades again one whose record was changed or forged', () => {
    expect(resumed.skipped).toBe(1);
    expect(recordOf(resumed, 'good').run?.score).toBe(recordOf(first, 'good').run?.score);
    for (const learner of ['todo', 'untouched']) {
      const record = recordOf(resumed, learner);
      expect(record.run?.score, learner).toBe(0);
      expect(record.flags, learner).toContain('tampered-record');
    }
  });

  it('writes the gradebook from verified records only', async () => {
    const rows = parse(await readFile(join(out(), 'gradebook.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.map((row) => [row.learner, row.total])).toEqual([
      ['good', '5'],
      ['todo', '0'],
      ['untouched', '0'],
    ]);
  });
});
