import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { discoverLabs, type LabInfo, LabNotFoundError, resolveLab } from '@cloudlab/grader/course';
import { CliError } from '../errors.ts';

/** Points the student commands at another course folder (tests, or a course kept outside the repo). */
export const COURSE_DIR_ENV = 'CLOUDLAB_COURSE_DIR';

/** The course folder: $CLOUDLAB_COURSE_DIR, else the nearest folder above cwd with labs/, else this repository. */
export function findCourseRoot(cwd = process.cwd()): string {
  const configured = process.env[COURSE_DIR_ENV];
  if (configured) {
    const root = resolve(configured);
    if (!existsSync(join(root, 'labs')))
      throw new CliError(`${COURSE_DIR_ENV}=${configured} has no labs/ folder`);
    return root;
  }
  for (let dir = resolve(cwd); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'labs')) && existsSync(join(dir, 'package.json'))) return dir;
  }
  return resolve(import.meta.dirname, '../../../..');
}

export interface Course {
  root: string;
  labs: LabInfo[];
}

/**
 * Where a learner's own `grade` and `watch` keep what the next run can reuse: transformed modules and the labs'
 * trusted inventories (the grader's LabSessionOptions.diskCache). The folder is the learner's to write, so only
 * their own runs read it: never a grade for a gradebook (a platform's reporter, a submission's `--dir`) or a
 * batch.
 */
export const diskCacheOf = (course: Course): string =>
  join(course.root, 'node_modules', '.cache', 'cloudlab');

export async function loadCourse(): Promise<Course> {
  const root = findCourseRoot();
  try {
    return { root, labs: await discoverLabs(root) };
  } catch (error) {
    throw new CliError(`cannot read the labs: ${(error as Error).message}`);
  }
}

/** Resolves `03`, `3` or a slug; an unknown id is a usage error that lists the valid ones. */
export function pickLab(course: Course, query: string): LabInfo {
  try {
    return resolveLab(course.labs, query);
  } catch (error) {
    if (error instanceof LabNotFoundError) throw new CliError(error.message);
    throw error;
  }
}

export function pickLabs(course: Course, queries: readonly string[]): LabInfo[] {
  if (course.labs.length === 0) throw new CliError(`no labs found under ${join(course.root, 'labs')}`);
  return queries.length === 0 ? course.labs : queries.map((query) => pickLab(course, query));
}
