/**
 * Scores come from the trusted inventory (the course's suite collected with no learner code), whatever the
 * learner's code makes the run report: forged points, forged passes (caught by the canary), extra checks.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverLabs, gradeLab, type LabInfo, WarmLabGrader } from '../src/node.ts';
import { collectTrustedInventory } from '../src/runner/trusted-inventory.ts';
import { scratchCourse } from './fixture-labs.ts';

let course: Awaited<ReturnType<typeof scratchCourse>>;
let lab: LabInfo;
const code = (name: string) => join(course.root, 'code', name);

// Learner code that writes a file when it is imported: proof of whether it was loaded.
const MARKER = (marker: string) =>
  `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'loaded');\n`;
const ANSWERS =
  "export const add = (a: number, b: number): number => a + b;\nexport function greet(name: string): string {\n  throw new Error('TODO');\n}\n";
// Blanket forgeries from inside the test worker's realm (test/fixtures/realm-attacks), each with a wrong
// answer it would need forged: greet returns the wrong text, or throws an error made to look like Node's.
const WRONG =
  "export const add = (a: number, b: number): number => a + b;\nexport const greet = (name: string): string => 'hi';\n";
const REALM_ATTACKS: Record<string, string> = {
  'patches-chai': WRONG,
  'patches-runner': ANSWERS,
  'rewrites-messages': ANSWERS,
  'forges-stacks':
    "export const add = (a: number, b: number): number => a + b;\nexport function greet(name: string): string {\n  throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });\n}\n",
};

beforeAll(async () => {
  course = await scratchCourse('01-basics');
  lab = (await discoverLabs(course.root))[0]!;
  const hostile: Record<string, string> = {
    // 1000 points per check: every check's rubric rewritten before the verdict is sent.
    'thousand-points': `import { afterEach } from 'vitest';\nafterEach((context) => {\n  const meta = context.task.meta as { cloudlab?: { points: number } };\n  if (meta.cloudlab) meta.cloudlab.points = 1000;\n});\n${ANSWERS}`,
    // Every check reported passed, the failing one too: the verdict rewritten once Vitest has set it.
    'forged-passes': `import { beforeEach } from 'vitest';\nbeforeEach((context) => {\n  context.onTestFinished(() => {\n    context.task.result = { state: 'pass' } as typeof context.task.result;\n  });\n});\n${ANSWERS}`,
    // A check the course does not have, worth points of its own.
    'extra-check': `import { test } from 'vitest';\ntest('bonus', { meta: { cloudlab: { points: 50, hints: ['x'], timeoutMs: 1000 } } }, () => {});\n${ANSWERS}`,
    honest: ANSWERS,
  };
  for (const [name, answers] of Object.entries(REALM_ATTACKS)) {
    const attack = await readFile(join(import.meta.dirname, 'fixtures/realm-attacks', `${name}.ts`), 'utf8');
    hostile[name] = `${attack}\n${answers}`;
  }
  for (const [name, text] of Object.entries(hostile)) {
    await mkdir(code(name), { recursive: true });
    await writeFile(join(code(name), 'math.ts'), text);
  }
  await writeFile(join(lab.dir, 'starter', 'math.ts'), MARKER(join(course.root, 'starter-loaded')) + ANSWERS);
  await writeFile(
    join(lab.dir, 'solution', 'math.ts'),
    MARKER(join(course.root, 'solution-loaded')) + ANSWERS,
  );
}, 60_000);
afterAll(() => course.remove());

describe('the trusted inventory', () => {
  it('lists the course’s checks with their points, collected without loading any code of the lab', async () => {
    const inventory = await collectTrustedInventory(lab);
    expect(inventory).toMatchObject({ lab: '01-basics', maxScore: 5, source: 'no-code' });
    expect(inventory.checks.map((check) => [check.id, check.meta.points])).toEqual([
      ['tests/math.test.ts::add returns the sum of two numbers', 2],
      ['tests/math.test.ts::greet says hello to the learner by name', 3],
    ]);
    expect(existsSync(join(course.root, 'starter-loaded'))).toBe(false);
    expect(existsSync(join(course.root, 'solution-loaded'))).toBe(false);
  });

  it('falls back to the solution when a test file calls the lab’s code while it is collected', async () => {
    await writeFile(
      join(lab.dir, 'tests', 'eager.test.ts'),
      "import { check } from '@cloudlab/grader';\nimport { add } from '@lab/math.ts';\nconst three = add(1, 2);\ncheck('three is three', { points: 1, hint: 'h' }, () => {\n  if (three !== 3) throw new Error('no');\n});\n",
    );
    try {
      const inventory = await collectTrustedInventory(lab);
      expect(inventory).toMatchObject({ maxScore: 6, source: 'solution' });
    } finally {
      await rm(join(lab.dir, 'tests', 'eager.test.ts'));
    }
  });
});

describe('scores from the inventory, whatever the run reports', () => {
  const grade = (name: string) => gradeLab(lab, { variant: 'dir', dir: code(name) });

  it('grades an honest submission as before, with no forgery noted', async () => {
    const result = await grade('honest');
    expect([result.score, result.maxScore, result.forged]).toEqual([2, 5, undefined]);
    expect(result.checks).toHaveLength(2);
  }, 60_000);

  it('names a new canary for every run of a kept worker: an honest re-grade is never taken for a forgery', async () => {
    const grader = await WarmLabGrader.open(lab, { codeDir: code('honest') });
    try {
      const runs = [await grader.grade(), await grader.grade()];
      expect(runs.map((run) => [run.score, run.forged])).toEqual([
        [2, undefined],
        [2, undefined],
      ]);
    } finally {
      await grader.close();
    }
  }, 60_000);

  it('ignores a check reported at 1000 points and keeps the lab’s maximum', async () => {
    const result = await grade('thousand-points');
    expect([result.score, result.maxScore]).toEqual([0, 5]);
    expect(result.forged?.join(' ')).toContain('reported 1000/1000 points; it is worth 2');
  }, 60_000);

  it('scores nothing when the canary check comes back passed', async () => {
    const result = await grade('forged-passes');
    expect([result.score, result.maxScore]).toEqual([0, 5]);
    expect(result.forged?.[0]).toMatch(/^the canary check ".* '[0-9a-f]{8}'" passed/);
    expect(result.checks.every((check) => check.status === 'failed')).toBe(true);
  }, 60_000);

  it.each(Object.keys(REALM_ATTACKS))(
    'scores nothing when the submission %s in the test worker: probes that must fail did not',
    async (name) => {
      const result = await grade(name);
      expect([result.score, result.maxScore]).toEqual([0, 5]);
      expect(result.forged?.join(' ')).toMatch(
        /an assertion that must fail passed|the canary check .* passed/,
      );
      expect(result.checks.every((check) => check.status === 'failed')).toBe(true);
    },
    60_000,
  );

  it('drops a check the course does not have', async () => {
    const result = await grade('extra-check');
    expect([result.score, result.maxScore]).toEqual([2, 5]);
    expect(result.forged).toEqual(['a result for a check the course does not have: "bonus"']);
    expect(result.checks.map((check) => check.title)).not.toContain('bonus');
  }, 60_000);
});
