import { chmod, cp, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { listCourseFiles } from '../release/course-files.ts';
import { isStudentFile } from '../release/instructor-only.ts';
import type { LabRubric } from './course-rubric.ts';
import { ExportError } from './export-error.ts';
import { writeWhole } from './export-folder.ts';
import { pinnedPnpm } from './gradescope-export.ts';
import { dockerfile, entrypointScript, questionHtml, questionInfo } from './prairielearn-files.ts';

export interface PrairieLearnExport {
  dir: string;
  image: string;
  questions: string[];
}

// Docker Hub's reference grammar, enough to refuse what `docker build -t` would refuse.
const IMAGE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?$/;

/**
 * `cloudlab export prairielearn`: one externally graded question per lab under `questions/cloudlab/`
 * (info.json, question.html, and tests/hidden/ with the lab's hidden checks, which PrairieLearn copies to
 * /grade/tests only at grading time), and `grader-image/` — the Dockerfile, the entrypoint and the course
 * without solution/ or hidden/ (the image is public on Docker Hub).
 */
export async function exportPrairieLearn(
  courseRoot: string,
  out: string,
  rubric: readonly LabRubric[],
  image: string,
): Promise<PrairieLearnExport> {
  if (!IMAGE.test(image)) {
    throw new ExportError(
      `--image ${image} is not a Docker image name — use e.g. your-dockerhub-user/cloudlab-grader:2026`,
    );
  }
  const root = resolve(courseRoot);
  const pnpmVersion = await pinnedPnpm(root);
  const all = await listCourseFiles(root);
  const copy = async (from: string, to: string) => {
    await mkdir(dirname(to), { recursive: true });
    await cp(join(root, from), to);
  };
  const dir = await writeWhole(out, async (temporary) => {
    for (const lab of rubric) {
      const question = join(temporary, 'questions', 'cloudlab', lab.folder);
      const starter = `labs/${lab.folder}/starter/`;
      const starterFiles = all
        .filter((file) => file.startsWith(starter))
        .map((file) => file.slice(starter.length));
      await mkdir(question, { recursive: true });
      await writeFile(join(question, 'info.json'), `${JSON.stringify(questionInfo(lab, image), null, 2)}\n`);
      await writeFile(join(question, 'question.html'), questionHtml(lab, starterFiles));
      const hidden = `labs/${lab.folder}/hidden/`;
      for (const file of all.filter((name) => name.startsWith(hidden))) {
        await copy(file, join(question, 'tests', 'hidden', file.slice(hidden.length)));
      }
    }
    const context = join(temporary, 'grader-image');
    for (const file of all.filter(isStudentFile)) await copy(file, join(context, 'cloudlab', file));
    await writeFile(join(context, 'Dockerfile'), dockerfile(pnpmVersion));
    await writeFile(join(context, 'cloudlab-grade'), entrypointScript());
    await chmod(join(context, 'cloudlab-grade'), 0o755);
  });
  return { dir, image, questions: rubric.map((lab) => `questions/cloudlab/${lab.folder}`) };
}
