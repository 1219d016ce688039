import { cp, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { listCourseFiles } from '../release/course-files.ts';
import { isStudentFile } from '../release/instructor-only.ts';
import { classroom50Autograder } from './classroom50-autograder.ts';
import type { LabRubric } from './course-rubric.ts';
import { ExportError } from './export-error.ts';
import { writeWhole } from './export-folder.ts';
import { pinnedPnpm } from './gradescope-export.ts';

export interface Classroom50Export {
  dir: string;
  autograder: string;
  assignment: string;
  labs: { id: string; maxScore: number }[];
}

/** The Node the grading runs on: Classroom 50's `runtime` block, passed to `gh teacher assignment add --runtime`. */
export const CLASSROOM50_RUNTIME = { node: '24' } as const;

/** Seconds for `cloudlab grade`; Classroom 50 stops the whole grade job at 15 minutes. */
const TIME_LIMIT = 600;

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * `cloudlab export classroom50`: what the teacher's `classroom50` repository needs for one assignment
 * graded per check — `autograders/ASSIGNMENT/` (autograder.py, rubric.json and the course in cloudlab/)
 * and `runtime.json` (Node 24). The bundle is published on the organisation's Pages site, so it carries
 * neither solution/ nor hidden/: only what the student copy already holds.
 */
export async function exportClassroom50(
  courseRoot: string,
  out: string,
  rubric: readonly LabRubric[],
  assignment: string,
): Promise<Classroom50Export> {
  if (!SLUG.test(assignment)) {
    throw new ExportError(
      `--assignment ${assignment} is not an assignment slug — use lowercase letters, digits and dashes, e.g. cloudlab`,
    );
  }
  const fractional = rubric.flatMap((lab) => lab.checks).find((check) => !Number.isInteger(check.points));
  if (fractional) {
    throw new ExportError(
      `"${fractional.title}" is worth ${fractional.points} points: Classroom 50 counts whole points — make every check's points a whole number`,
    );
  }
  const root = resolve(courseRoot);
  const pnpmVersion = await pinnedPnpm(root);
  const files = (await listCourseFiles(root)).filter(isStudentFile);
  const dir = await writeWhole(out, async (temporary) => {
    const bundle = join(temporary, 'autograders', assignment);
    for (const file of files) {
      await mkdir(dirname(join(bundle, 'cloudlab', file)), { recursive: true });
      await cp(join(root, file), join(bundle, 'cloudlab', file));
    }
    const labs = rubric.map(({ id, folder, title, checks }) => ({
      id,
      folder,
      title,
      checks: checks.map(({ title: checkTitle, points }) => ({ title: checkTitle, points })),
    }));
    await writeFile(join(bundle, 'rubric.json'), `${JSON.stringify({ labs }, null, 2)}\n`);
    await writeFile(
      join(bundle, 'autograder.py'),
      classroom50Autograder({ pnpmVersion, timeLimit: TIME_LIMIT }),
    );
    await writeFile(join(temporary, 'runtime.json'), `${JSON.stringify(CLASSROOM50_RUNTIME, null, 2)}\n`);
  });
  return {
    dir,
    autograder: join(dir, 'autograders', assignment, 'autograder.py'),
    assignment,
    labs: rubric.map((lab) => ({ id: lab.id, maxScore: lab.maxScore })),
  };
}
