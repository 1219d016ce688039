import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { listCourseFiles } from '../release/course-files.ts';
import { isAutograderFile } from '../release/instructor-only.ts';
import { ExportError } from './export-error.ts';
import { writeWhole } from './export-folder.ts';
import { runAutograderScript, setupScript } from './gradescope-scripts.ts';

export interface GradescopeLab {
  id: string;
  folder: string;
}

export interface GradescopeExport {
  zip: string;
  files: number;
  labs: string[];
}

/** The pnpm version pinned by the course's `packageManager` field. */
export async function pinnedPnpm(root: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { packageManager?: string };
  const version = /^pnpm@([\w.-]+)/.exec(pkg.packageManager ?? '')?.[1];
  if (!version) {
    throw new ExportError(
      `${join(root, 'package.json')} pins no pnpm ("packageManager": "pnpm@X.Y.Z") — add it, then export again`,
    );
  }
  return version;
}

/**
 * `cloudlab export gradescope`: the autograder zip. At its root `setup.sh` and `run_autograder` (mode
 * 0755), beside `cloudlab/`: the course with its hidden/ checks but without solution/ — the image is built
 * from it and learners' code is graded with the instructor's full suite. Written whole or not at all.
 */
export async function exportGradescope(
  courseRoot: string,
  out: string,
  labs: readonly GradescopeLab[],
): Promise<GradescopeExport> {
  const root = resolve(courseRoot);
  const pnpmVersion = await pinnedPnpm(root);
  const files = (await listCourseFiles(root)).filter(isAutograderFile);
  const zipPath = await writeWhole(out, async (temporary) => {
    const zip = new yazl.ZipFile();
    const executable = { mode: 0o100755 };
    zip.addBuffer(Buffer.from(setupScript(pnpmVersion)), 'setup.sh', executable);
    zip.addBuffer(Buffer.from(runAutograderScript(labs)), 'run_autograder', executable);
    for (const file of files) zip.addFile(join(root, file), `cloudlab/${file}`);
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(temporary));
  });
  return { zip: zipPath, files: files.length + 2, labs: labs.map((lab) => lab.id) };
}
