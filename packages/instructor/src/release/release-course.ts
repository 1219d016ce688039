import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { writeTestManifest } from '@cloudlab/grader/course';
import { listCourseFiles } from './course-files.ts';
import { isStudentFile } from './instructor-only.ts';

export interface ReleaseSummary {
  out: string;
  files: number;
  /** Files left out, by reason. */
  stripped: { solution: number; hidden: number; other: number };
  /** Each lab's test manifest, relative to the output. */
  manifests: string[];
}

export class ReleaseError extends Error {
  readonly code = 'ReleaseError';
}

/** Refuses an output folder that holds anything, or that would hold the course itself. */
export async function prepareOutput(courseRoot: string, out: string): Promise<string> {
  const target = resolve(out);
  const rel = relative(target, courseRoot);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)))
    throw new ReleaseError(`--out ${out} contains the course itself — choose a folder outside it`);
  if (existsSync(target) && (await readdir(target)).length > 0)
    throw new ReleaseError(`--out ${out} is not empty — choose a new folder (nothing was written)`);
  await mkdir(target, { recursive: true });
  return target;
}

/**
 * `cloudlab release`: the student copy of the course — every course file minus solution/, hidden/ and the
 * other instructor-only files — with each lab's tsconfig pointing `@lab/*` at starter/, and a fresh
 * tests.sha256 per lab (the grader's manifest format) so a grading run can tell when tests were edited.
 */
export async function releaseCourse(courseRoot: string, out: string): Promise<ReleaseSummary> {
  const root = resolve(courseRoot);
  const target = await prepareOutput(root, out);
  const files = await listCourseFiles(root);
  const stripped = { solution: 0, hidden: 0, other: 0 };
  let copied = 0;
  for (const file of files) {
    if (!isStudentFile(file)) {
      if (/\/solution\//.test(file)) stripped.solution += 1;
      else if (/\/hidden\//.test(file)) stripped.hidden += 1;
      else stripped.other += 1;
      continue;
    }
    const to = join(target, file);
    await mkdir(dirname(to), { recursive: true });
    if (/^labs\/[^/]+\/tsconfig\.json$/.test(file)) {
      await writeFile(
        to,
        (await readFile(join(root, file), 'utf8')).replaceAll('./solution/*', './starter/*'),
      );
    } else {
      await copyFile(join(root, file), to);
    }
    copied += 1;
  }
  const manifests: string[] = [];
  const labsDir = join(target, 'labs');
  if (existsSync(labsDir)) {
    for (const entry of (await readdir(labsDir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (!entry.isDirectory() || !existsSync(join(labsDir, entry.name, 'tests'))) continue;
      manifests.push(relative(target, await writeTestManifest(join(labsDir, entry.name))));
    }
  }
  return { out: target, files: copied, stripped, manifests };
}
