/**
 * End to end: a synthetic class generated from lab 01's solution and starter (tests/e2e/instructor), graded
 * by the real batch — child processes, one emulator account each, the instructor's tests — then the report
 * opened in headless Chromium, and a resumed run through the real `cloudlab batch` binary.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureClass, makeFixtureClass } from '../../../tests/e2e/instructor/make-fixture-class.ts';
import type { SubmissionRecord } from '../src/index.ts';
import { type BatchSummary, runBatch } from '../src/index.ts';
import { REDACTED } from '../src/integrity/secret-redaction.ts';

const repo = resolve(import.meta.dirname, '../../..');
const CHROMIUM = '/usr/bin/chromium';
// Outside the repository, which is the graded course here: lab 01 scans all of it for keys.
const ARTIFACTS = join(tmpdir(), 'cloudlab-test-artifacts');

let work: string;
let fixture: FixtureClass;
let summary: BatchSummary;
const out = () => join(work, 'out');

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cloudlab-batch-e2e-'));
  fixture = await makeFixtureClass(repo, '01-managed-credentials', join(work, 'class'));
  summary = await runBatch({
    submissions: fixture.dir,
    out: out(),
    courseRoot: repo,
    labs: ['01'],
    workers: 2,
    timeoutSeconds: 240,
  });
}, 1_200_000);

afterAll(() => rm(work, { recursive: true, force: true }));

const recordOf = (learner: string): SubmissionRecord => {
  const record = summary.records.find((candidate) => candidate.learner === learner);
  if (!record) throw new Error(`no record for ${learner}`);
  return record;
};

describe('cloudlab batch on a fixture class', () => {
  it('grades every submission into the band it deserves and finishes despite loops, exits and crashes', () => {
    for (const [learner, expected] of Object.entries(fixture.graded)) {
      const record = recordOf(learner);
      const run = record.run!;
      expect(record.status, learner).toBe('graded');
      expect(run.maxScore, learner).toBeGreaterThan(0);
      if (expected.band === 'full') expect(run.score, learner).toBe(run.maxScore);
      if (expected.band === 'zero') expect(run.score, learner).toBe(0);
      if (expected.band === 'partial') {
        expect(run.score, learner).toBeGreaterThan(0);
        expect(run.score, learner).toBeLessThan(run.maxScore);
      }
    }
  });

  it('raises each learner’s flags: tampered tests, leaked secret, hard-coded key, solution reads, symlinks', () => {
    for (const [learner, expected] of Object.entries(fixture.graded)) {
      expect(recordOf(learner).flags, learner).toEqual(expect.arrayContaining(expected.flags));
    }
    expect(recordOf('empty').flags).toEqual([]);
  });

  it('fails the endless check by the watchdog and keeps the other checks’ points', () => {
    const checks = recordOf('infinite-loop').run!.labs[0]!.checks;
    expect(checks.some((check) => check.message?.includes('did not finish'))).toBe(true);
  });

  it('never stores the printed secret key: the results carry the redaction mark instead', async () => {
    const text = await readFile(join(out(), 'results', 'prints-env.json'), 'utf8');
    expect(text).toContain(REDACTED);
    const printed = /AWS_SECRET_ACCESS_KEY\\+":\\+"([^"\\]+)/.exec(text);
    expect(printed?.[1]).toBe(REDACTED);
  });

  it('refuses zip slips, zip bombs, duplicate and unusable ids with a line each in gradebook.csv', async () => {
    const rows = parse(await readFile(join(out(), 'gradebook.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    for (const [learner, flag] of Object.entries(fixture.refused)) {
      const row = rows.find((candidate) => candidate.learner === learner);
      expect(row?.status, learner).toBe('refused');
      expect(row?.flags, learner).toBe(flag);
      expect(row?.notes?.length, learner).toBeGreaterThan(10);
    }
    const full = rows.find((row) => row.learner === 'full-marks')!;
    expect(full.percent).toBe('100');
    expect(rows).toHaveLength(Object.keys(fixture.graded).length + Object.keys(fixture.refused).length);
  });

  it('writes nothing outside the output folder: no escaped zip entry, no work folders left behind', async () => {
    expect((await readdir(out())).sort()).toEqual(['.batch-key', 'gradebook.csv', 'report.html', 'results']);
    const escaped = [work, join(work, '..')].flatMap((dir) =>
      existsSync(dir)
        ? spawnSync('find', [dir, '-maxdepth', '2', '-name', 'escaped-*']).stdout.toString().trim()
        : '',
    );
    expect(escaped.filter(Boolean)).toEqual([]);
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'report.html renders its charts and drill-down in headless Chromium without console errors',
    async () => {
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const errors: string[] = [];
        const requests: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        page.on('pageerror', (error) => errors.push(String(error)));
        page.on('request', (request) => {
          if (!request.url().startsWith('file:')) requests.push(request.url());
        });
        await page.goto(`file://${join(out(), 'report.html')}`);

        const bars = page.locator('figure.chart[data-lab="01-managed-credentials"] rect.bar');
        expect(await bars.count()).toBe(10);
        const heights = await bars.evaluateAll((rects) =>
          rects.map((rect) => Number(rect.getAttribute('height'))),
        );
        expect(heights.filter((height) => height > 0).length).toBeGreaterThan(1);
        expect(await page.locator('#failing-checks tbody tr').count()).toBeGreaterThan(0);

        const panel = page.locator('section.drill', { hasText: 'syntax-error' }).first();
        expect(await panel.isVisible()).toBe(false);
        await page.getByRole('button', { name: 'syntax-error', exact: true }).click();
        expect(await panel.isVisible()).toBe(true);
        expect(await panel.locator('tr.check').count()).toBe(
          recordOf('syntax-error').run!.labs[0]!.checks.length,
        );
        expect(await panel.textContent()).toContain('your code does not load');

        await mkdir(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, 'class-report.png'), fullPage: true });
        expect(errors).toEqual([]);
        expect(requests).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );

  it('resumes through the real cloudlab binary: a re-run grades nothing already graded', () => {
    // The binary itself, as `pnpm cloudlab` starts it (without pnpm's own second of start-up).
    const run = spawnSync(
      process.execPath,
      [
        join(repo, 'packages/cli/bin/cloudlab.js'),
        'batch',
        fixture.dir,
        '--out',
        out(),
        '--labs',
        '01',
        '--json',
      ],
      {
        cwd: repo,
        encoding: 'utf8',
        // A resumed batch still starts the CLI and collects the inventory: minutes on CI's busy cores.
        timeout: 600_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const resumed = JSON.parse(run.stdout) as {
      graded: number;
      skipped: number;
      records: { learner: string; score: number }[];
    };
    expect(resumed.graded).toBe(0);
    expect(resumed.skipped).toBe(summary.records.length);
    expect(resumed.records.find((record) => record.learner === 'full-marks')?.score).toBe(
      recordOf('full-marks').run!.score,
    );
  });
});
