/** Bad input to the host exports: each is refused with a sentence that says what to do, and nothing is left. */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverLabs } from '@cloudlab/grader/course';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWhole } from '../src/export/export-folder.ts';
import { courseRubric, ExportError, exportPrairieLearn } from '../src/index.ts';
import { makeMiniCourse } from './mini-course.ts';

let course: string;
let work: string;

beforeAll(async () => {
  course = await makeMiniCourse({});
  work = await mkdtemp(join(tmpdir(), 'cloudlab-export-input-'));
});
afterAll(async () => {
  await rm(course, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('host exports refuse bad input', () => {
  it('refuses a course whose tests do not collect, naming the file and the command that checks it', async () => {
    await writeFile(
      join(course, 'labs', '01-mini', 'tests', 'broken.test.ts'),
      "import { nothing } from './no-such-module.ts';\nnothing();\n",
    );
    try {
      const labs = await discoverLabs(course);
      const refusal = courseRubric(labs);
      await expect(refusal).rejects.toThrow(ExportError);
      await expect(refusal).rejects.toThrow(
        /tests\/broken\.test\.ts does not collect .*cloudlab dev check 01/,
      );
    } finally {
      await rm(join(course, 'labs', '01-mini', 'tests', 'broken.test.ts'));
    }
  });

  it('collects the points of a course that does collect, hidden checks included', async () => {
    const [rubric] = await courseRubric(await discoverLabs(course));
    expect(rubric).toMatchObject({ id: '01', maxScore: 5 });
    expect(rubric!.checks.map((check) => [check.file, check.points])).toEqual(
      expect.arrayContaining([
        ['tests/math.test.ts', 2],
        ['hidden/edge.test.ts', 3],
      ]),
    );
  });

  it('refuses a Docker image name that docker would refuse, before writing anything', async () => {
    const rubric = await courseRubric(await discoverLabs(course));
    const out = join(work, 'pl');
    await expect(exportPrairieLearn(course, out, rubric, 'My Image')).rejects.toThrow(
      /not a Docker image name/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('leaves neither the target nor a partial copy when writing fails halfway', async () => {
    const out = join(work, 'half');
    const failing = writeWhole(out, async (temporary) => {
      await writeFile(join(work, 'marker'), temporary);
      throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(existsSync(out)).toBe(false);
    expect((await readdir(work)).filter((name) => name.includes('partial'))).toEqual([]);
  });
});
