/**
 * The grading child: one per submission, started by grade-in-child.ts with the learner's own emulator
 * account in its environment, a heap limit and a kill timer. It grades the labs one after another with the
 * instructor's tests and sends each LabResult as soon as it has it, so a later crash loses only one lab.
 */
import { discoverLabs, type LabResult } from '@cloudlab/grader/course';
import { labError } from './lab-failure.ts';
import type { WorkerJob, WorkerMessage } from './worker-protocol.ts';

const send = (message: WorkerMessage) =>
  new Promise<void>((done) => (process.send ? process.send(message, () => done()) : done()));

async function run(job: WorkerJob): Promise<void> {
  const { gradeLab } = await import('@cloudlab/grader/node');
  const { awsGrading } = await import('@cloudlab/aws-session/grading');
  const labs = (await discoverLabs(job.courseRoot)).filter((lab) => job.labs.includes(lab.folder));
  for (const lab of labs) {
    await send({ type: 'lab-start', folder: lab.folder });
    const dir = job.codeDirs[lab.folder];
    const result: LabResult = dir
      ? await gradeLab(lab, { ...awsGrading, variant: 'dir', dir, inventories: job.inventories })
      : labError(lab, `labs/${lab.folder} was not handed in`);
    await send({ type: 'lab', result });
  }
  await send({ type: 'done' });
}

process.once('message', (job: WorkerJob) => {
  run(job).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`cloudlab batch worker: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(70);
    },
  );
});
