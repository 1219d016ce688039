import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { CheckResult, LabResult, RunResult } from '../model/run-result.ts';
import type { GradescopeResults } from './gradescope-reporter.ts';
import { createReporter, isReporterName, reporters } from './index.ts';

const check = (overrides: Partial<CheckResult>): CheckResult => ({
  id: 'tests/a.test.ts::x',
  title: 'x',
  file: 'tests/a.test.ts',
  status: 'passed',
  points: 2,
  maxPoints: 2,
  hints: ['first hint', 'second hint'],
  durationMs: 12,
  ...overrides,
});

const lab = (overrides: Partial<LabResult>): LabResult => ({
  id: '01',
  slug: 'basics',
  title: 'Basics & <things>',
  codeDir: 'starter',
  status: 'failed',
  score: 2,
  maxScore: 6,
  integrity: { status: 'unverified', changed: [], added: [], missing: [] },
  errors: [],
  durationMs: 1500,
  checks: [
    check({ title: 'adds <numbers> & "quotes"', exercise: 1, concept: 'arithmetic' }),
    check({
      title: 'greets',
      status: 'failed',
      points: 0,
      maxPoints: 3,
      classification: 'wrong-answer',
      message: 'expected "hi" to be "hello"',
      location: { file: 'starter/greet.ts', line: 4, column: 3 },
    }),
    check({
      title: 'reaches AWS',
      status: 'failed',
      points: 0,
      maxPoints: 1,
      classification: 'environment',
      message: 'ECONNREFUSED',
    }),
  ],
  ...overrides,
});

const run = (labs: LabResult[], overrides: Partial<RunResult> = {}): RunResult => ({
  schemaVersion: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 2400,
  variant: 'starter',
  labs,
  score: labs.reduce((sum, l) => sum + l.score, 0),
  maxScore: labs.reduce((sum, l) => sum + l.maxScore, 0),
  incomplete: true,
  tampered: false,
  ...overrides,
});

describe('reporter registry', () => {
  it('maps every --reporter name to a reporter', () => {
    expect(Object.keys(reporters)).toEqual([
      'terminal',
      'json',
      'gradescope',
      'junit',
      'classroom50',
      'prairielearn',
    ]);
    expect(isReporterName('junit')).toBe(true);
    expect(isReporterName('toString')).toBe(false);
  });
});

describe('json reporter', () => {
  it('writes the result model unchanged', () => {
    const result = run([lab({})]);
    expect(JSON.parse(createReporter('json').onRunEnd!(result)!)).toEqual(result);
  });
});

describe('gradescope reporter', () => {
  it("writes Gradescope's results.json fields with one test per check", () => {
    const out = JSON.parse(createReporter('gradescope').onRunEnd!(run([lab({})]))!) as GradescopeResults;
    expect(out).toMatchObject({ score: 2, max_score: 6, execution_time: 2, visibility: 'visible' });
    expect(out.tests).toHaveLength(3);
    expect(out.tests[0]).toEqual({
      name: 'Lab 01 · adds <numbers> & "quotes"',
      number: '01.1',
      score: 2,
      max_score: 2,
      status: 'passed',
      output: '',
      tags: ['lab-01', 'exercise-01.1', 'arithmetic'],
      visibility: 'visible',
    });
    expect(out.tests[1]!.output).toBe('expected "hi" to be "hello"\nat starter/greet.ts:4\nHint: first hint');
    expect(out.tests[2]!.output).toContain('Not your code (environment)');
    expect(out.output).toContain('Incomplete');
  });

  it("keeps the instructor's hidden/ checks hidden until the due date", () => {
    const hidden = lab({ checks: [check({ file: 'hidden/extra.test.ts' })] });
    const out = JSON.parse(createReporter('gradescope').onRunEnd!(run([hidden]))!) as GradescopeResults;
    expect(out.tests[0]!.visibility).toBe('after_due_date');
  });
});

describe('classroom50 reporter', () => {
  it('writes the scoring fields of result/v1 with one whole-point test per check', () => {
    const out = JSON.parse(createReporter('classroom50').onRunEnd!(run([lab({})]))!) as {
      schema: string;
      score: number;
      'max-score': number;
      tests: { 'test-name': string; passed: boolean; score: number; 'max-score': number; output?: string }[];
    };
    expect(out).toMatchObject({ schema: 'classroom50/result/v1', score: 2, 'max-score': 6 });
    expect(out.tests[0]).toEqual({
      'test-name': 'Lab 01 · adds <numbers> & "quotes"',
      passed: true,
      score: 2,
      'max-score': 2,
    });
    expect(out.tests[1]).toMatchObject({ passed: false, score: 0, 'max-score': 3 });
    expect(out.tests[1]!.output).toContain('Hint: first hint');
  });
});

describe('prairielearn reporter', () => {
  it('writes a 0–1 score and points and max_points on every test', () => {
    const out = JSON.parse(createReporter('prairielearn').onRunEnd!(run([lab({})]))!) as {
      gradable: boolean;
      score: number;
      output: string;
      tests: { name: string; points: number; max_points: number; message: string; output: string }[];
    };
    expect(out.gradable).toBe(true);
    expect(out.score).toBeCloseTo(2 / 6);
    expect(out.tests.map((test) => [test.points, test.max_points])).toEqual([
      [2, 2],
      [0, 3],
      [0, 1],
    ]);
    expect(out.tests[1]!.message).toBe('expected "hi" to be "hello"');
    expect(out.output).toContain('Incomplete');
  });

  it('scores an empty run 0, never NaN', () => {
    const out = JSON.parse(createReporter('prairielearn').onRunEnd!(run([]))!) as { score: number };
    expect(out.score).toBe(0);
  });
});

describe('junit reporter', () => {
  it('writes valid JUnit XML with failures, errors and escaped names', () => {
    const xml = createReporter('junit').onRunEnd!(
      run([lab({}), lab({ id: '02', checks: [check({ status: 'skipped', points: 0 })] })]),
    )!;
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(xml);
    const suites = doc.testsuites.testsuite;
    expect(doc.testsuites['@_tests']).toBe('4');
    expect(suites[0]['@_name']).toBe('Lab 01 Basics & <things>');
    expect([suites[0]['@_failures'], suites[0]['@_errors']]).toEqual(['1', '1']);
    expect(suites[0].testcase[0]['@_name']).toBe('adds <numbers> & "quotes"');
    expect(suites[0].testcase[1].failure['@_type']).toBe('wrong-answer');
    expect(suites[0].testcase[2].error['@_message']).toBe('ECONNREFUSED');
    expect(suites[1].testcase[0]).toHaveProperty('skipped');
  });
});

describe('terminal reporter', () => {
  it('shows each lab, its checks, and the first failing check with its hint and location', () => {
    const text = createReporter('terminal').onRunEnd!(run([lab({})]))!;
    expect(text).toContain('Lab 01');
    expect(text).toMatch(/✓ adds <numbers>.*2\/2/);
    expect(text).toMatch(/✗ greets.*0\/3 {2}starter\/greet.ts:4/);
    expect(text).toContain('Next: Lab 01 › greets');
    expect(text).toContain('at starter/greet.ts:4:3');
    expect(text).toContain('Hint 1/2: first hint');
    expect(text).toContain('incomplete');
  });

  it('cuts a check title only to fit the terminal it knows, never in a pipe or a CI log', () => {
    const title = 'readTree leaves SecureStrings encrypted unless asked, and decrypts them when asked to';
    const long = lab({ checks: [check({ title })] });
    expect(createReporter('terminal').onRunEnd!(run([long]))!).toContain(`✓ ${title} `);
    const narrow = createReporter('terminal', { columns: 60 }).onRunEnd!(run([long]))!;
    const line = narrow.split('\n').find((l) => l.includes('readTree'))!;
    expect(line).toMatch(/✓ readTree leaves SecureStrings encrypted unless asked, a… +2\/2$/);
    const wide = createReporter('terminal', { columns: 200 }).onRunEnd!(run([long]))!;
    expect(wide).toContain(`✓ ${title} `);
  });

  it('shows the hint the student has reached', () => {
    const text = createReporter('terminal', { hintsShown: { '01': 2 } }).onRunEnd!(run([lab({})]))!;
    expect(text).toContain('Hint 2/2: second hint');
  });

  it('flags a tampered run', () => {
    const tampered = lab({
      integrity: { status: 'tampered', changed: ['tests/a.test.ts'], added: [], missing: [] },
    });
    const text = createReporter('terminal').onRunEnd!(run([tampered], { tampered: true }))!;
    expect(text).toContain('grading files changed (tests/a.test.ts)');
    expect(text).toContain('tampered');
  });

  it('points to the solution when everything passes', () => {
    const passed = lab({ status: 'passed', score: 2, maxScore: 2, checks: [check({})] });
    expect(createReporter('terminal').onRunEnd!(run([passed], { incomplete: false }))!).toContain(
      'All checks pass',
    );
  });

  it('does not say all checks pass when checks were skipped and earned nothing', () => {
    const skipped = lab({
      status: 'incomplete',
      score: 0,
      maxScore: 4,
      checks: [check({ status: 'skipped', points: 0, maxPoints: 4 })],
    });
    const text = createReporter('terminal').onRunEnd!(run([skipped]))!;
    expect(text).not.toContain('All checks pass');
    expect(text).toContain('1 check did not run (skipped)');
    expect(text).toContain('cloudlab doctor');
  });

  it('says a partial run scored only the checks a save touched, gives the lab total, and never says all pass', () => {
    const touched = lab({ status: 'passed', score: 2, maxScore: 2, checks: [check({})] });
    const wholeLab = lab({
      score: 2,
      maxScore: 5,
      checks: [check({}), check({ id: 'tests/b.test.ts::y', status: 'failed', points: 0, maxPoints: 3 })],
    });
    const text = createReporter('terminal', { wholeLab }).onRunEnd!(run([touched], { incomplete: false }))!;
    expect(text).toContain('Score 2/2 of the checks this save touched — lab 2/5');
    expect(text).not.toContain('All checks pass');
    expect(text).toContain('1 other check of lab 01 failed at the last full grade');
  });
});
