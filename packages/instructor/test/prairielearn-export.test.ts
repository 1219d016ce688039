/**
 * The PrairieLearn export, run the way PrairieLearn's external grader runs it: the image's entrypoint with
 * the question's environment, the uploaded files in <grade>/student, results read from
 * <grade>/results/results.json. The image is not built (it installs from the network): a copy of its course
 * folder with links to this repository's packages stands in for it. Run as root, the learner's code runs
 * as `nobody` here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverLabs } from '@cloudlab/grader/course';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { questionUuid } from '../src/export/prairielearn-files.ts';
import { courseRubric, exportPrairieLearn, type LabRubric } from '../src/index.ts';
import { linkInstalledPackages, repo } from './host-course.ts';
import { prairieLearnQuestionInfo, prairieLearnResults, schemaErrors } from './host-schemas.ts';

const LAB = '01-managed-credentials';
const IMAGE = 'example/cloudlab-grader:2026';
let work: string;
let out: string;
let rubric: LabRubric[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cloudlab-prairielearn-'));
  await chmod(work, 0o755);
  rubric = await courseRubric((await discoverLabs(repo)).filter((lab) => lab.folder === LAB));
  out = (await exportPrairieLearn(repo, join(work, 'export'), rubric, IMAGE)).dir;
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** One grading job: a fresh course (the container), the uploaded files, the entrypoint. */
async function gradeJob(name: string, uploads: string[], from: 'solution' | 'starter') {
  const job = join(work, name);
  const course = join(job, 'image-course');
  await cp(join(out, 'grader-image', 'cloudlab'), course, { recursive: true });
  await linkInstalledPackages(course);
  await mkdir(join(job, 'grade', 'student'), { recursive: true });
  for (const file of uploads)
    await cp(join(repo, 'labs', LAB, from, file), join(job, 'grade', 'student', file));
  const info = JSON.parse(await readFile(join(out, 'questions', 'cloudlab', LAB, 'info.json'), 'utf8'));
  const run = spawnSync('bash', [join(out, 'grader-image', 'cloudlab-grade')], {
    encoding: 'utf8',
    timeout: 400_000,
    env: {
      PATH: process.env.PATH,
      HOME: work,
      ...info.externalGradingOptions.environment,
      CLOUDLAB_GRADE_DIR: join(job, 'grade'),
      CLOUDLAB_COURSE_DIR: course,
      CLOUDLAB_LEARNER_USER: 'nobody',
    },
  });
  const file = join(job, 'grade', 'results', 'results.json');
  return { run, results: existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : undefined };
}

// Every file of the lab's folder, as a learner uploads their whole starter/.
const FILES = readdirSync(join(repo, 'labs', LAB, 'starter'))
  .filter((name) => name.endsWith('.ts'))
  .sort();

describe('cloudlab export prairielearn', () => {
  it('writes one externally graded question per lab whose info.json PrairieLearn accepts', async () => {
    const question = join(out, 'questions', 'cloudlab', LAB);
    const info = JSON.parse(await readFile(join(question, 'info.json'), 'utf8'));
    expect(schemaErrors(prairieLearnQuestionInfo, info)).toEqual([]);
    expect(info).toMatchObject({
      uuid: questionUuid(LAB),
      type: 'v3',
      gradingMethod: 'External',
      externalGradingOptions: {
        image: IMAGE,
        entrypoint: '/usr/local/bin/cloudlab-grade',
        enableNetworking: false,
        environment: { CLOUDLAB_LAB: '01' },
      },
    });
    expect(info.externalGradingOptions.timeout).toBeLessThanOrEqual(600);
    expect(questionUuid(LAB)).not.toBe(questionUuid('02-client-vs-resource'));
    const html = await readFile(join(question, 'question.html'), 'utf8');
    expect(html).toContain(`<pl-file-upload optional-file-names="${FILES.join(', ')}">`);
    expect(html).toContain('<pl-external-grader-results>');
    expect(await readdir(join(out, 'questions', 'cloudlab'))).toEqual([LAB]);
  });

  it('builds its grading image from a public Node 24 image with pnpm by npm, without solutions', async () => {
    const dockerfile = await readFile(join(out, 'grader-image', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:24[\w.-]*$/m);
    expect(dockerfile).toContain('npm install -g pnpm@10.34.8');
    expect(dockerfile).toContain('pnpm install --frozen-lockfile');
    expect(dockerfile).not.toMatch(/corepack/);
    expect(existsSync(join(out, 'grader-image', 'cloudlab', 'labs', LAB, 'tests'))).toBe(true);
    expect(existsSync(join(out, 'grader-image', 'cloudlab', 'labs', LAB, 'solution'))).toBe(false);
  });

  it('grades uploaded solution files to a score of 1 with points on every check', async () => {
    const { run, results } = await gradeJob('solution-job', FILES, 'solution');
    expect(run.status, run.stderr).toBe(0);
    expect(schemaErrors(prairieLearnResults, results)).toEqual([]);
    expect(results.gradable).toBe(true);
    expect(results.score).toBe(1);
    expect(results.tests).toHaveLength(rubric[0]!.checks.length);
    for (const test of results.tests) expect(test.points).toBe(test.max_points);
  });

  it('grades the starter files to 0', async () => {
    const { run, results } = await gradeJob('starter-job', FILES, 'starter');
    expect(run.status, run.stderr).toBe(0);
    expect(schemaErrors(prairieLearnResults, results)).toEqual([]);
    expect(results.score).toBe(0);
    expect(results.tests.every((test: { points: number }) => test.points === 0)).toBe(true);
  });

  it('marks a submission with none of the lab’s files not gradable, so it costs no attempt', async () => {
    const { run, results } = await gradeJob('empty-job', [], 'solution');
    expect(run.status, run.stderr).toBe(0);
    expect(schemaErrors(prairieLearnResults, results)).toEqual([]);
    expect(results.gradable).toBe(false);
    expect(results.message).toContain('None of the lab');
  });
});
