import type { RunResult } from '@cloudlab/grader/course';

/**
 * Why a gradebook line deserves a second look. Flags never change a score by themselves: the instructor
 * decides. `refused-*`, `timeout` and `crashed` explain a missing or partial grade.
 */
export type Flag =
  | 'tampered-tests'
  | 'forged-result'
  | 'tampered-record'
  | 'leaked-secret'
  | 'hard-coded-key'
  | 'reads-grader-files'
  | 'symlink'
  | 'unreadable-file'
  | 'missing-lab'
  | 'incomplete'
  | 'timeout'
  | 'crashed'
  | 'unsafe-submission'
  | 'duplicate-learner'
  | 'bad-learner-id'
  | 'missing-path';

export const RECORD_SCHEMA_VERSION = 1;

/** One submission's outcome: written as `results/<learner>.json` in the output folder. */
export interface SubmissionRecord {
  schemaVersion: typeof RECORD_SCHEMA_VERSION;
  learner: string;
  /** The submission as given (a folder or a zip), relative to the submissions input when inside it. */
  source: string;
  /** sha256 of the submission's bytes: a re-run skips a record whose fingerprint and labs still match. */
  fingerprint: string;
  /** Lab folders (NN-slug) this record graded. */
  labs: string[];
  /** graded: the labs ran (some may have failed); error: the grading process died; refused: never graded. */
  status: 'graded' | 'error' | 'refused';
  flags: Flag[];
  /** One sentence each, with the file or the reason: what the flags are about. */
  notes: string[];
  /** The grader's result, secrets redacted; absent when refused. */
  run?: RunResult;
  gradedAt: string;
  durationMs: number;
  /** HMAC-SHA256 of the rest of the record under the output folder's batch key (integrity/record-seal.ts). */
  seal?: string;
}

/** A submission found in the input, not yet graded. */
export interface Submission {
  learner: string;
  kind: 'dir' | 'zip';
  /** Absolute path of the folder or zip. */
  path: string;
  /** How to show it: relative to the input. */
  shown: string;
}

/** A submission refused while reading the input (bad id, duplicate, missing path). Re-derived every run. */
export interface RefusedEntry {
  learner: string;
  shown: string;
  flag: Flag;
  reason: string;
}
