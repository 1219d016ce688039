import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { listCourseFiles } from '../release/course-files.ts';
import { isAutograderFile } from '../release/instructor-only.ts';
import { runAutograderScript, setupScript } from './autograder-scripts.ts';

export interface GradescopeExport {
  zip: string;
  files: number;
  labs: string[];
}

/**
 * `cloudlab export gradescope`: the autograder zip. At its root `setup.sh` and `run_autograder` (mode
 * 0755), beside `cloudlab/`: the course with its hidden/ checks but without solution/ — the image is built
 * from it and learners' code is graded with the instructor's full suite.
 */
export async function exportGradescope(
  courseRoot: string,
  out: string,
  labIds: readonly string[],
): Promise<GradescopeExport> {
  const root = resolve(courseRoot);
  const target = resolve(out);
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { packageManager?: string };
  const pnpmVersion = /^pnpm@([\w.-]+)/.exec(pkg.packageManager ?? '')?.[1] ?? 'latest';
  const zip = new yazl.ZipFile();
  const executable = { mode: 0o100755 };
  zip.addBuffer(Buffer.from(setupScript(pnpmVersion)), 'setup.sh', executable);
  zip.addBuffer(Buffer.from(runAutograderScript(labIds)), 'run_autograder', executable);
  const files = (await listCourseFiles(root)).filter(isAutograderFile);
  for (const file of files) zip.addFile(join(root, file), `cloudlab/${file}`);
  zip.end();
  await mkdir(dirname(target), { recursive: true });
  await pipeline(zip.outputStream, createWriteStream(target));
  return { zip: target, files: files.length + 2, labs: [...labIds] };
}
