import type { LabResult } from '@cloudlab/grader/course';

/** Sent by the batch to a grading child over IPC (never argv: nothing secret in `ps`). */
export interface WorkerJob {
  courseRoot: string;
  /** Lab folders to grade, in order. */
  labs: string[];
  /** Lab folder → staged code folder; a lab missing here was not handed in. */
  codeDirs: Record<string, string>;
}

export type WorkerMessage =
  | { type: 'lab-start'; folder: string }
  | { type: 'lab'; result: LabResult }
  | { type: 'done' };
