/**
 * Each submission's emulator account is deleted once its grading ends, whatever the ending (graded,
 * crashed, runner failure), so one shared emulator does not grow with the class (issue #10).
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { discoverLabs } from '@cloudlab/grader/course';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchEmulator } from '../src/batch/grade-submission.ts';
import { gradeSubmission } from '../src/batch/grade-submission.ts';
import { runBatch } from '../src/index.ts';
import { findSubmissions } from '../src/submissions/find-submissions.ts';
import { ADD, batchInputsOf, makeMiniCourse } from './mini-course.ts';

/** A fake emulator that remembers which keys it handed out and which it was asked to delete. */
function recordingEmulator() {
  const created: string[] = [];
  const deleted: string[] = [];
  const emulator: BatchEmulator = {
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    createAccount: () => {
      const accessKeyId = `AKID${randomBytes(6).toString('hex')}`;
      created.push(accessKeyId);
      return { accessKeyId, secretAccessKey: randomBytes(20).toString('hex') };
    },
    deleteAccount: (accessKeyId) => {
      deleted.push(accessKeyId);
    },
  };
  return { emulator, created, deleted };
}

let root: string;
beforeAll(async () => {
  root = await makeMiniCourse({
    good: ADD,
    'syntax-error': 'export function add(a: number, b: number): number {\n  return a +;\n}\n',
    'kills-grader':
      "process.kill(process.ppid, 'SIGKILL');\nexport const add = (a: number, b: number): number => a + b;\n",
  });
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the batch deletes each learner account', () => {
  it('once per learner, with the key that learner was given, a crashed one included', async () => {
    const { emulator, created, deleted } = recordingEmulator();
    const summary = await runBatch({
      submissions: join(root, 'class'),
      out: join(root, 'out'),
      courseRoot: root,
      workers: 1,
      timeoutSeconds: 60,
      emulator,
    });
    expect(summary.records.map((record) => record.status)).toEqual(['graded', 'error', 'graded']);
    expect(created).toHaveLength(3);
    expect(deleted).toEqual(created);
  }, 200_000);

  it('after the grading process itself failed, and only once the runner is done with the keys', async () => {
    const { emulator, created, deleted } = recordingEmulator();
    const labs = await discoverLabs(root);
    const { submissions } = await findSubmissions(join(root, 'class'));
    const seen: Array<{ key: string; deletedBefore: number }> = [];
    const record = await gradeSubmission({
      submission: submissions.find((candidate) => candidate.learner === 'good')!,
      fingerprint: 'good',
      courseRoot: root,
      labs,
      ...(await batchInputsOf(labs)),
      workDir: join(root, 'runner-fails'),
      emulator,
      limits: { timeoutMs: 60_000, maxOldSpaceMB: 512 },
      runner: async (_job, _dir, env) => {
        seen.push({ key: env.AWS_ACCESS_KEY_ID!, deletedBefore: deleted.length });
        throw new Error('the worker could not start');
      },
    });
    expect(record.flags).toContain('crashed');
    expect(seen).toEqual([{ key: created[0], deletedBefore: 0 }]);
    expect(deleted).toEqual(created);
  });
});
