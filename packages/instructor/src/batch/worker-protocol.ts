import type { LabInventory, LabResult } from '@cloudlab/grader/course';

/** Sent by the batch to a grading child over IPC (never argv: nothing secret in `ps`). */
export interface WorkerJob {
  courseRoot: string;
  /** Lab folders to grade, in order. */
  labs: string[];
  /** Lab folder → staged code folder; a lab missing here was not handed in. */
  codeDirs: Record<string, string>;
  /**
   * The labs' trusted inventories, collected by the batch before the first learner: the child collects none
   * of its own in the learner's sandbox, where a limit the learner hits could kill the collector.
   */
  inventories: LabInventory[];
}

/** A job for a warm worker, which grades one submission after another: it carries the learner's account. */
export interface WarmWorkerJob extends WorkerJob {
  type: 'job';
  /** The learner's AWS settings (their own emulator account), set for this job's test workers only. */
  env: Record<string, string>;
}

export type WorkerMessage =
  | { type: 'lab-start'; folder: string }
  | { type: 'lab'; result: LabResult }
  /** `rssMB`: the warm worker's resident memory after the job, for the batch's recycle ceiling. */
  | { type: 'done'; rssMB?: number };
