/**
 * The hostile-submission suite (issue #20): one learner per attack class, graded by the real batch in both
 * isolation modes beside honest control learners. No attack may gain a point, no control's score may change,
 * and the class's maxima come from the course, never from a learner.
 */
import { randomBytes } from 'node:crypto';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeTestManifest } from '@cloudlab/grader/course';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchEmulator } from '../src/batch/grade-submission.ts';
import { type BatchSummary, runBatch, type SubmissionRecord } from '../src/index.ts';
import { ADD, MUL, makeMiniCourse } from './mini-course.ts';

const TODO = "export function add(a: number, b: number): number {\n  throw new Error('TODO(1)');\n}\n";
const MUL_TODO = "export function mul(a: number, b: number): number {\n  throw new Error('TODO(1)');\n}\n";

// Blanket forgeries from inside the test worker's realm, one learner folder each (caught by the verdict probes).
const REALM_ATTACKS = join(import.meta.dirname, 'fixtures/realm-attacks');

// Filled in once the course exists: the attacker edits the course's own tests while it is graded.
const COURSE_TEST = { path: '' };

/** Learner → math.ts. Each attacker hands in the unsolved starter plus its attack. */
const CLASS: Record<string, string> = {
  'control-good': ADD,
  'control-todo': TODO,
  // 1000 points per check: the rubric rewritten in the worker before the verdict is sent.
  'thousand-points': `import { afterEach } from 'vitest';\nafterEach((context) => {\n  const meta = context.task.meta as { cloudlab?: { points: number } };\n  if (meta.cloudlab) meta.cloudlab.points = 1000;\n  context.task.result = { state: 'pass' } as typeof context.task.result;\n});\n${TODO}`,
  // Every verdict rewritten to pass once Vitest has set it (the canary passes too).
  'forged-passes': `import { beforeEach } from 'vitest';\nbeforeEach((context) => {\n  context.onTestFinished(() => {\n    context.task.result = { state: 'pass' } as typeof context.task.result;\n  });\n});\n${TODO}`,
  // Patches the assertion library when imported (every expect() passes): graded first, so in warm mode the
  // next learners would run in the same worker. Its own run is in-realm (SECURITY.md, item 2): not asserted.
  'aa-patches-expect': `import { expect } from 'vitest';\nObject.getPrototypeOf(expect(0)).assert = () => undefined;\nexport const add = (a: number, b: number): number => 0;\n`,
  // Edits the course's tests while graded (its code is written once the course's path is known).
  'ab-edits-course-tests': TODO,
  // A check of its own, worth 50 points.
  'extra-check': `import { test } from 'vitest';\ntest('bonus', { meta: { cloudlab: { points: 50, hints: ['x'], timeoutMs: 1000 } } }, () => {});\n${TODO}`,
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
  // Two labs that share one Vitest instance and one kept worker (isolate: false), as the course's labs do.
  const mul = Object.fromEntries(
    Object.keys(CLASS).map((learner) => [learner, learner === 'control-good' ? MUL : MUL_TODO]),
  );
  root = await makeMiniCourse(CLASS, { mul });
  COURSE_TEST.path = join(root, 'labs/01-mini/tests/math.test.ts');
  // Appends a comment to the course's test file when imported: the course's manifest no longer matches.
  await writeFile(
    join(root, 'class/ab-edits-course-tests/01-mini/math.ts'),
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(COURSE_TEST.path)}, '// was here\\n');\n${TODO}`,
  );
  for (const lab of ['01-mini', '02-mul']) await writeTestManifest(join(root, 'labs', lab));
  await cp(REALM_ATTACKS, join(root, 'class'), { recursive: true });
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe.each(['warm', 'process'] as const)('a hostile class graded with --isolation %s', (isolation) => {
  let summary: BatchSummary;
  const out = () => join(root, `out-${isolation}`);
  const recordOf = (learner: string): SubmissionRecord =>
    summary.records.find((record) => record.learner === learner)!;

  beforeAll(async () => {
    summary = await runBatch({
      submissions: join(root, 'class'),
      out: out(),
      courseRoot: root,
      workers: 1,
      isolation,
      timeoutSeconds: 60,
      emulator: fakeEmulator,
    });
  }, 600_000);

  it('gives the control learners the scores they earned, though a learner before them patched expect()', () => {
    expect(summary.records[0]?.learner).toBe('aa-patches-expect');
    expect([recordOf('control-good').run?.score, recordOf('control-todo').run?.score]).toEqual([9, 0]);
    expect(recordOf('control-good').flags).toEqual([]);
  });

  it('flags no learner tampered-tests because the course’s tests were edited during the run', () => {
    const flagged = summary.records.filter((record) => record.flags.includes('tampered-tests'));
    expect(flagged.map((record) => record.learner)).toEqual([]);
  });

  it.each(['thousand-points', 'forged-passes', 'extra-check'])(
    '%s gains no point and is flagged forged-result',
    (learner) => {
      const record = recordOf(learner);
      expect([record.run?.score, record.run?.maxScore]).toEqual([0, 9]);
      expect(record.flags).toContain('forged-result');
    },
  );

  it('gives no point to a learner who patches expect, the runner, the worker’s messages or the stacks', async () => {
    const blanket = ['aa-patches-expect', ...(await readdir(REALM_ATTACKS))].filter(
      (name) => name !== 'ag-forges-own-stack',
    );
    for (const learner of blanket) {
      expect([learner, recordOf(learner).run?.score]).toEqual([learner, 0]);
      expect(recordOf(learner).flags, learner).toContain('forged-result');
    }
    // A stack set on its own error (a targeted attack, SECURITY.md item 6) may choose its label, not its score.
    expect(recordOf('ag-forges-own-stack').run?.score).toBe(0);
  });

  it('takes every maximum in gradebook.csv from the course, never from a learner', async () => {
    const rows = parse(await readFile(join(out(), 'gradebook.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(new Set(rows.map((row) => row.max))).toEqual(new Set(['9']));
    expect(rows.find((row) => row.learner === 'control-good')?.percent).toBe('100');
  });
});
