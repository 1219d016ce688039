import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { discoverLabs, WarmLabGrader } from '../src/node.ts';
import { scratchCourse } from './fixture-labs.ts';

// A grade keeps folders of its own in the temporary folder (the watchdog's, a worker's preload list). Each one
// must be gone once the grade is over — passed, failed or never started — or every grade of a learner leaves
// one more in their /tmp. TMPDIR is private to each test, so what is left in it is what the grade leaked.
let privateTmp = '';
const savedTmp = process.env.TMPDIR;
let course: Awaited<ReturnType<typeof scratchCourse>>;

beforeEach(async () => {
  course = await scratchCourse('01-basics');
  privateTmp = mkdtempSync(join(tmpdir(), 'cloudlab-private-tmp-'));
  process.env.TMPDIR = privateTmp;
});

afterEach(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(privateTmp, { recursive: true, force: true });
  await course.remove();
});

it('a grade leaves no folder in TMPDIR', { timeout: 120_000 }, async () => {
  const [lab] = await discoverLabs(course.root);
  const grader = await WarmLabGrader.open(lab!, { codeDir: join(lab!.dir, 'solution') });
  try {
    expect((await grader.grade()).checks.length).toBeGreaterThan(0);
  } finally {
    await grader.close();
  }
  expect(readdirSync(privateTmp)).toEqual([]);
});

it('a grade whose test runner cannot start leaves no folder in TMPDIR', { timeout: 120_000 }, async () => {
  const [lab] = await discoverLabs(course.root);
  await writeFile(join(lab!.dir, 'vitest.config.ts'), "throw new Error('a broken vitest.config.ts');\n");
  await expect(WarmLabGrader.open(lab!, { codeDir: join(lab!.dir, 'solution') })).rejects.toThrow(
    /a broken vitest\.config\.ts/,
  );
  expect(readdirSync(privateTmp)).toEqual([]);
});
