import { chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devCheck } from './dev-check.ts';

const COURSE = join(import.meta.dirname, '../../test-fixtures/dev-course');
const entry = (name: string) => `labs/01-demo/misconceptions/${name}.yaml`;

describe('devCheck', () => {
  // The fixture's 0-point check fails for subtract-reversed too: the variants run only the files with points.
  // add-by-negation is caught only by a file that reads math.ts without importing it, so the files Vite's
  // module graph links to math.ts do not prove it: the others must run before it is judged.
  it('grades each misconception on the warm grader: caught (by an importing or a reading test file), kept full marks, blamed on the wrong check, stale; names a stub or a wrong answer blamed on the environment', async () => {
    const report = await devCheck({ root: COURSE, jobs: 1 });
    const [demo] = report.labs;
    expect(demo).toMatchObject({
      solution: { score: 3, maxScore: 3 },
      starter: { score: 0, maxScore: 3 },
      todos: [
        { n: 1, caught: true },
        { n: 2, caught: true },
      ],
    });
    expect(demo?.misconceptions).toEqual([
      { name: 'stale-find', caught: false },
      { name: 'add-by-negation', score: 2, maxScore: 3, caught: true, failed: ['add is written with +'] },
      { name: 'add-swapped', score: 3, maxScore: 3, caught: false, failed: [] },
      { name: 'blamed-on-add', score: 2, maxScore: 3, caught: false, failed: ['subtract subtracts'] },
      { name: 'subtract-reversed', score: 2, maxScore: 3, caught: true, failed: ['subtract subtracts'] },
      { name: 'subtract-throws', score: 2, maxScore: 3, caught: false, failed: ['subtract subtracts'] },
    ]);
    expect(demo?.problems).toEqual([
      `${entry('stale-find')}: edits[0].find does not occur in solution/math.ts — the solution changed: update the entry`,
      expect.stringMatching(
        /^labs\/01-demo: in the starter, "subtract subtracts" fails as environment \(.*ECONNREFUSED.*\) — a stub is the learner's code/,
      ),
      expect.stringMatching(
        /^labs\/01-demo: in the solution with only TODO\(2\) stubbed, "subtract subtracts" fails as environment/,
      ),
      `${entry('add-swapped')}: this wrong answer keeps full marks (3/3) — add or sharpen a check so it fails (it violates: the operands are added in the other order.)`,
      `${entry('blamed-on-add')}: it loses points, but no failing check's title contains caught-by "add adds" — failing: "subtract subtracts"`,
      `${entry('subtract-throws')}: it loses points only through checks that blame the environment or the harness ("subtract subtracts" as environment) — the learner would read "not your code" about their own mistake: make a check fail it as a wrong answer`,
    ]);
    expect(report.ok).toBe(false);
  }, 600_000);

  it('with onlyMisconceptions grades the solution and the catalogue, not the starter or the TODOs', async () => {
    const report = await devCheck({ root: COURSE, onlyMisconceptions: true, jobs: 1 });
    const [demo] = report.labs;
    expect(demo?.solution).toEqual({ score: 3, maxScore: 3 });
    expect(demo?.starter).toBeUndefined();
    expect(demo?.todos).toEqual([]);
    expect(demo?.misconceptions.filter((m) => m.caught).map((m) => m.name)).toEqual([
      'add-by-negation',
      'subtract-reversed',
    ]);
  }, 600_000);

  it('judges every misconception as a run of all the scoring files does, affected files first or not', async () => {
    const [staged, whole] = [
      await devCheck({ root: COURSE, onlyMisconceptions: true, jobs: 1 }),
      await devCheck({ root: COURSE, onlyMisconceptions: true, affectedFirst: false, jobs: 1 }),
    ];
    expect(staged.labs[0]?.misconceptions).toEqual(whole.labs[0]?.misconceptions);
    expect(staged.labs[0]?.problems).toEqual(whole.labs[0]?.problems);
    expect(staged.labs[0]?.misconceptions.map((m) => m.caught)).toEqual([
      false,
      true,
      false,
      false,
      true,
      false,
    ]);
  }, 600_000);

  it('with misconceptions false grades the solution, the starter and the TODOs, not the catalogue', async () => {
    const report = await devCheck({ root: COURSE, misconceptions: false, jobs: 1 });
    const [demo] = report.labs;
    expect(demo?.solution).toEqual({ score: 3, maxScore: 3 });
    expect(demo?.starter?.score).toBe(0);
    expect(demo?.todos.length).toBeGreaterThan(0);
    expect(demo?.misconceptions).toEqual([]);
  }, 600_000);

  it('with todos and misconceptions false grades the solution and the starter only', async () => {
    const report = await devCheck({ root: COURSE, misconceptions: false, todos: false, jobs: 1 });
    const [demo] = report.labs;
    expect(demo?.solution).toEqual({ score: 3, maxScore: 3 });
    expect(demo?.starter?.score).toBe(0);
    expect(demo?.todos).toEqual([]);
    expect(demo?.misconceptions).toEqual([]);
    expect(demo?.problems.filter((problem) => problem.includes('TODO('))).toEqual([]);
  }, 600_000);

  it('names a 0-point check the solution fails (a typecheck error): it scores 100 % but does not pass', async () => {
    // Beside the fixture, where its labs resolve @cloudlab/grader as they do in place.
    const root = await mkdtemp(join(COURSE, '..', 'dev-course-'));
    // mkdtemp makes it 0700; the batch's sandbox tests walk this repository as another uid at the same time.
    await chmod(root, 0o755);
    try {
      await cp(COURSE, root, { recursive: true });
      const test = join(root, 'labs/01-demo/tests/operand-order.test.ts');
      await writeFile(test, (await readFile(test, 'utf8')).replace('toBe(2)', 'toBe(-2)'));
      const report = await devCheck({ root, misconceptions: false, jobs: 1 });
      const [demo] = report.labs;
      expect(demo?.solution).toEqual({ score: 3, maxScore: 3 });
      // The fixture's stub blamed on the environment is named too (the first test): only the solution's here.
      expect(demo?.problems.filter((problem) => problem.startsWith('labs/01-demo/solution'))).toEqual([
        expect.stringMatching(
          /^labs\/01-demo\/solution fails "subtract keeps the operand order \(0 points\)" \(0 points, but a lab passes only when every check passes\): /,
        ),
      ]);
      expect(report.ok).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 600_000);
});
