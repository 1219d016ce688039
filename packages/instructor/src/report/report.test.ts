import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult, LabResult } from '@cloudlab/grader/course';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { RECORD_SCHEMA_VERSION, type SubmissionRecord } from '../batch/batch-types.ts';
import { OutputDir } from '../batch/output-dir.ts';
import { distribution, mostFailedChecks } from './class-stats.ts';
import { writeGradebook } from './gradebook-csv.ts';
import { renderClassReport } from './report-html.ts';

const check = (title: string, passed: boolean, points = 2): CheckResult => ({
  id: `tests/a.test.ts::${title}`,
  title,
  file: 'tests/a.test.ts',
  status: passed ? 'passed' : 'failed',
  points: passed ? points : 0,
  maxPoints: points,
  hints: [`hint for ${title}`],
  durationMs: 1,
  ...(passed ? {} : { classification: 'wrong-answer' as const, message: 'expected <b>3</b>' }),
});

const lab = (checks: CheckResult[]): LabResult => ({
  id: '01',
  slug: 'demo',
  title: 'Demo',
  codeDir: '',
  status: 'failed',
  score: checks.reduce((sum, c) => sum + c.points, 0),
  maxScore: checks.reduce((sum, c) => sum + c.maxPoints, 0),
  checks,
  integrity: { status: 'unverified', changed: [], added: [], missing: [] },
  errors: [],
  durationMs: 1,
});

const record = (
  learner: string,
  checks: CheckResult[],
  extra: Partial<SubmissionRecord> = {},
): SubmissionRecord => {
  const result = lab(checks);
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    learner,
    source: learner,
    fingerprint: 'f',
    labs: ['01-demo'],
    status: 'graded',
    flags: [],
    notes: [],
    run: {
      schemaVersion: 1,
      startedAt: '',
      durationMs: 1,
      variant: 'dir',
      labs: [result],
      score: result.score,
      maxScore: result.maxScore,
      incomplete: false,
      tampered: false,
    },
    gradedAt: '',
    durationMs: 1,
    ...extra,
  };
};

const records = [
  record('ann', [check('adds', true), check('<script>alert(1)</script>', false)]),
  record('=cmd|calc', [check('adds', false), check('<script>alert(1)</script>', false)], {
    notes: ['+note'],
  }),
];

describe('class statistics', () => {
  it('puts each score in its band, full marks in the last one', () => {
    expect(distribution([0, 2, 4, 4], 4, 4)).toEqual([1, 0, 1, 2]);
  });

  it('ranks the checks most learners failed with a wrong answer first', () => {
    expect(mostFailedChecks(records).map((stat) => [stat.check.title, stat.failed, stat.graded])).toEqual([
      ['<script>alert(1)</script>', 2, 2],
      ['adds', 1, 2],
    ]);
  });
});

// The lab's full marks come from the course's inventory, not from the records.
const DEMO = { folder: '01-demo', id: '01', title: 'Demo', maxScore: 4 };

describe('report.html', () => {
  const html = renderClassReport([DEMO], records, []);

  it('escapes learner-made text: check titles, messages and ids never become markup', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('expected &lt;b&gt;3&lt;/b&gt;');
  });

  it('allows no network at all through its content security policy', () => {
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

describe('gradebook.csv', () => {
  it('guards cells that a spreadsheet would run as formulas', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cloudlab-gradebook-'));
    try {
      const file = await writeGradebook(new OutputDir(dir), [DEMO], records, [
        { learner: '@x', shown: '@x.zip', flag: 'unsafe-submission', reason: 'zip bomb' },
      ]);
      const rows = parse(await readFile(file, 'utf8'), { columns: true }) as Record<string, string>[];
      expect(rows.map((row) => [row.learner, row['01-demo'], row.total, row.max])).toEqual([
        ['ann', '2', '2', '4'],
        ["'=cmd|calc", '0', '0', '4'],
        ["'@x", '', '', '4'],
      ]);
      expect(rows[1]!.notes).toBe("'+note");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
