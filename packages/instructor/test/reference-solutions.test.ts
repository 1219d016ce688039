/**
 * Every lab's reference solution, handed in as one learner's course copy and graded by the real batch in its
 * sandbox (bubblewrap, an unprivileged user, a read-only course), gets full marks: what the sandbox takes
 * away (network, a writable course, a passwd line, the machine's other files) must never cost a right answer
 * a point. Lab 05 lost 35 points to it (no home for its uid, no writable .cloudlab/ for its test audit).
 */
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchSummary, runBatch } from '../src/index.ts';

const repo = resolve(import.meta.dirname, '../../..');

let work: string;
let summary: BatchSummary;
let labs: string[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cloudlab-reference-'));
  labs = (await readdir(join(repo, 'labs'))).filter((name) => /^\d{2}-/.test(name)).sort();
  for (const lab of labs)
    await cp(join(repo, 'labs', lab, 'solution'), join(work, 'class', 'reference', 'labs', lab, 'starter'), {
      recursive: true,
    });
  await mkdir(join(work, 'out'));
  summary = await runBatch({
    submissions: join(work, 'class'),
    out: join(work, 'out'),
    courseRoot: repo,
    workers: 1,
    timeoutSeconds: 900,
  });
}, 1_200_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('the reference solutions in the batch sandbox', () => {
  it('ran in a bubblewrap sandbox', () => {
    expect(summary.sandbox.kind).toBe('bwrap');
  });

  it('get full marks in every lab, with no flag', () => {
    const record = summary.records[0]!;
    expect(record.flags).toEqual([]);
    const lost = record.run!.labs.flatMap((lab) =>
      lab.checks
        .filter((check) => check.status !== 'passed')
        .map((check) => `${lab.id}-${lab.slug}: ${check.title}: ${check.message ?? check.status}`),
    );
    expect(lost).toEqual([]);
    expect(record.run!.labs.map((lab) => `${lab.id}-${lab.slug}`)).toEqual(labs);
    for (const lab of record.run!.labs) expect(lab.score, lab.slug).toBe(lab.maxScore);
  });
});
