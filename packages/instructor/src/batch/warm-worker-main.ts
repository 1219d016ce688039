/**
 * The warm grading child: one per batch worker, started by warm-worker.ts. It keeps one Vitest instance for
 * the labs that can share one (CourseGrader: one worker process, the SDK loaded once) and one per other lab
 * (WarmLabGrader), and grades submission after submission on them, which saves the process, Vitest and
 * Vite start-up that a child per submission pays for every lab. Each job's code is staged by the
 * batch at the same path (the `@lab` alias target), so only the learner's files are invalidated between
 * jobs; each job's AWS settings are set in process.env, which Vitest copies into every test worker it starts.
 * The batch keeps the guarantees from outside: a kill timer per job, and a fresh child after a crash, a
 * timeout or when this one's memory passes a ceiling.
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { discoverLabs, type LabInfo, type LabInventory, type LabResult } from '@cloudlab/grader/course';
import type { CourseGrader, WarmLabGrader } from '@cloudlab/grader/node';
import { SANDBOX_ENV, SCRATCH_ENV } from '../sandbox/batch-sandbox.ts';
import { emptyScratch } from '../sandbox/empty-scratch.ts';
import { sweepStrays } from '../sandbox/sweep-strays.ts';
import { labError } from './lab-failure.ts';
import type { WarmWorkerJob, WorkerMessage } from './worker-protocol.ts';

const send = (message: WorkerMessage) =>
  new Promise<void>((done) => (process.send ? process.send(message, () => done()) : done()));

interface WarmLab {
  grader: WarmLabGrader;
  /** The learner files the previous job had in the code folder: their transforms must not be reused. */
  previousFiles: string[];
}

const warm = new Map<string, WarmLab>();
/** The shared instance, the labs and code folders it was opened for, and the learner files of the last job. */
let shared: { grader: CourseGrader; key: string; previousFiles: string[] } | undefined;
const labsByRoot = new Map<string, LabInfo[]>();
let jobEnvNames: string[] = [];

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !relative(dir, file).split('/').includes('node_modules'));
}

/**
 * Every test worker serves one learner (issue #20): the next learner's worker starts beside this one's run with
 * only the batch-wide environment, so no learner's keys are ever in it, not even in its /proc/<pid>/environ.
 */
const oneWorkerPerRun = {
  env: () =>
    Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && !jobEnvNames.includes(entry[0]),
      ),
    ),
};

/** The job's account replaces the previous job's: no key of one learner is left for the next. */
function useEnv(env: Record<string, string>): void {
  for (const name of jobEnvNames) delete process.env[name];
  Object.assign(process.env, env);
  jobEnvNames = Object.keys(env);
}

async function gradeWarm(
  lab: LabInfo,
  codeDir: string,
  inventories: readonly LabInventory[],
): Promise<LabResult> {
  const { WarmLabGrader } = await import('@cloudlab/grader/node');
  const { awsGrading } = await import('@cloudlab/aws-session/grading');
  let entry = warm.get(lab.folder);
  if (entry && entry.grader.codeDir !== codeDir) {
    // The batch stages every job at one path per lab; a different path needs a Vitest with that alias.
    await entry.grader.close();
    warm.delete(lab.folder);
    entry = undefined;
  }
  try {
    if (!entry) {
      entry = {
        grader: await WarmLabGrader.open(lab, { ...awsGrading, codeDir, oneWorkerPerRun, inventories }),
        previousFiles: [],
      };
      warm.set(lab.folder, entry);
    }
    const files = await listFiles(codeDir);
    const changed = [...new Set([...entry.previousFiles, ...files])];
    entry.previousFiles = files;
    return await entry.grader.grade(changed);
  } catch (error) {
    // A Vitest that failed once is not trusted with the next learner: the next job opens a fresh one.
    warm.delete(lab.folder);
    await entry?.grader.close().catch(() => undefined);
    return labError(lab, `could not run the tests of lab ${lab.id}: ${(error as Error)?.message ?? error}`);
  }
}

/** Grades the shareable labs of a job in one run of the shared instance (reopened if the labs change). */
async function gradeShared(
  entries: { lab: LabInfo; codeDir: string }[],
  inventories: readonly LabInventory[],
): Promise<LabResult[]> {
  const { CourseGrader } = await import('@cloudlab/grader/node');
  const { awsGrading } = await import('@cloudlab/aws-session/grading');
  const key = JSON.stringify(entries.map(({ lab, codeDir }) => [lab.dir, codeDir]));
  if (shared && shared.key !== key) {
    await shared.grader.close().catch(() => undefined);
    shared = undefined;
  }
  try {
    // One test worker: the batch already runs one grading child per core.
    shared ??= {
      grader: await CourseGrader.open(entries, {
        ...awsGrading,
        maxWorkers: 1,
        oneWorkerPerRun,
        inventories,
      }),
      key,
      previousFiles: [],
    };
    const files = (await Promise.all(entries.map(({ codeDir }) => listFiles(codeDir)))).flat();
    const changed = [...new Set([...shared.previousFiles, ...files])];
    shared.previousFiles = files;
    return await shared.grader.grade(changed);
  } catch (error) {
    // A Vitest that failed once is not trusted with the next learner: the next job opens a fresh one.
    await shared?.grader.close().catch(() => undefined);
    shared = undefined;
    const reason = (error as Error)?.message ?? String(error);
    return entries.map(({ lab }) => labError(lab, `could not run the tests of lab ${lab.id}: ${reason}`));
  }
}

async function run(job: WarmWorkerJob): Promise<void> {
  useEnv(job.env);
  let all = labsByRoot.get(job.courseRoot);
  if (!all) {
    all = await discoverLabs(job.courseRoot);
    labsByRoot.set(job.courseRoot, all);
  }
  const { canShareVitest } = await import('@cloudlab/grader/node');
  const labs = all.filter((candidate) => job.labs.includes(candidate.folder));
  const together = labs
    .filter((lab) => job.codeDirs[lab.folder] && canShareVitest(lab))
    .map((lab) => ({ lab, codeDir: job.codeDirs[lab.folder] as string }));
  if (together.length > 1) {
    for (const { lab } of together) await send({ type: 'lab-start', folder: lab.folder });
    for (const result of await gradeShared(together, job.inventories)) await send({ type: 'lab', result });
  }
  for (const lab of labs) {
    if (together.length > 1 && together.some((entry) => entry.lab === lab)) continue;
    await send({ type: 'lab-start', folder: lab.folder });
    const dir = job.codeDirs[lab.folder];
    const result = dir
      ? await gradeWarm(lab, dir, job.inventories)
      : labError(lab, `labs/${lab.folder} was not handed in`);
    await send({ type: 'lab', result });
  }
  // Nothing this learner started may run beside the next one (SECURITY.md, item 4).
  await sweepStrays(process.env[SANDBOX_ENV] === '1');
  await emptyScratch(process.env[SANDBOX_ENV] === '1', process.env[SCRATCH_ENV]);
  await send({ type: 'done', rssMB: Math.round(process.memoryUsage().rss / 2 ** 20) });
}

// Jobs come one at a time (the batch waits for `done`); a chain keeps them in order all the same.
let chain = Promise.resolve();
process.on('message', (job: WarmWorkerJob) => {
  if (job?.type !== 'job') return;
  chain = chain.then(() =>
    run(job).catch((error: unknown) => {
      process.stderr.write(`cloudlab batch worker: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(70);
    }),
  );
});
// The batch closes the channel when it is done with this worker: close every Vitest, then leave.
process.on('disconnect', () => {
  void chain
    .then(() =>
      Promise.all([
        ...[...warm.values()].map((entry) => entry.grader.close().catch(() => undefined)),
        shared?.grader.close().catch(() => undefined),
      ]),
    )
    .finally(() => process.exit(0));
});
